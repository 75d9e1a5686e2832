// Starts the Electron shell around a backend: security, IPC, window, menu, tray, notifications,
// power and network signals. Every decision it makes comes from a policy file beside its adapter.
import type { BrowserWindow } from 'electron';
import { app, Menu, net, powerMonitor, session } from 'electron';
import type { Backend } from '../core/backend/types.js';
import { systemClock, type KeyValueStore, type Logger, type NotifyPort } from '../core/ports.js';
import { APP_ID } from './platform/app-identity.js';
import { appMenuModel, type AppCommand } from './menu/app-menu-model.js';
import { coalesce } from './platform/coalesce.js';
import { navigateToAbout, navigateToSettings } from './ipc/navigate-event.js';
import { createOnlineWatcher } from './platform/online-watcher.js';
import { saveProgressFraction } from './window/save-progress.js';
import type { TrayCommand } from './tray/tray-model.js';
import { appOriginOf, type TrustedOrigin } from './ipc/trusted-sender.js';
import { EVENT_CHANNEL } from '../../preload/contract/channels.js';
import { forwardEvents, registerIpc } from './ipc/ipc.js';
import { toAppMenuTemplate } from './menu/menu.js';
import { createElectronNotifier } from './notifications/notifications.js';
import { openExternalAllowed } from './ports.js';
import { hardenSession, installSecurity } from './security/security.js';
import { createAppTray, type AppTray } from './tray/tray.js';
import { createMainWindow, rendererEntryUrl, showWindow } from './window/window.js';
import type { AppSupport } from './support/index.js';

/** How often the tray is rebuilt without events, so "links expiring" turns on in time. */
const TRAY_REFRESH_MS = 60_000;
const VIEW_COALESCE_MS = 250;

export interface Shell {
  /** The NotifyPort for the backend's ports; clicks are routed once `start` has run. */
  notifier: NotifyPort;
  /** `store` is the backend's KeyValueStore; the window keeps its bounds there. */
  start(backend: Backend, store: KeyValueStore): void;
}

export function createShell(logger: Logger, support?: AppSupport): Shell {
  let backend: Backend | null = null;
  let win: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  let quitting = false;
  const appOrigin = appOriginOf(rendererEntryUrl());
  const trust = (): TrustedOrigin => ({
    windowWebContentsId: win && !win.isDestroyed() ? win.webContents.id : null,
    appOrigin,
  });
  const fail = (what: string) => (err: unknown) =>
    logger.warn(`shell: ${what} failed`, { error: err instanceof Error ? err.message : String(err) });

  const openDownload = (key: string | null) => {
    showWindow(win);
    if (key && backend) backend.navigate(key);
  };

  const notifier = createElectronNotifier(
    {
      open: openDownload,
      save: (key) => void backend?.api.files.save(key).catch(fail('save from notification')),
    },
    logger,
  );

  installSecurity(trust, logger);

  function runAppCommand(command: AppCommand): void {
    switch (command.type) {
      case 'refresh':
        void backend?.api.downloads.refresh().catch(fail('refresh'));
        return;
      case 'open-settings':
        showWindow(win);
        win?.webContents.send(EVENT_CHANNEL, 'navigate', navigateToSettings());
        return;
      case 'window-shortcut':
        showWindow(win);
        win?.webContents.send(EVENT_CHANNEL, 'navigate', {
          view: 'shortcut',
          shortcut: command.shortcut,
          downloadKey: null,
        });
        return;
      case 'open-external':
        void openExternalAllowed(command.url).catch(fail('open external'));
        return;
      case 'open-logs-folder':
        void support?.openLogsFolder().catch(fail('open logs folder'));
        return;
      case 'copy-diagnostics':
        void support?.copyDiagnostics().catch(fail('copy diagnostics'));
        return;
      case 'show-about':
        showWindow(win);
        win?.webContents.send(EVENT_CHANNEL, 'navigate', navigateToAbout());
        return;
      case 'quit':
        app.quit();
    }
  }

  function runTrayCommand(command: TrayCommand): void {
    switch (command.type) {
      case 'open':
        return showWindow(win);
      case 'open-download':
        return openDownload(command.downloadKey);
      case 'save-all-completed':
        void backend?.saveAllCompleted().catch(fail('save all'));
        return;
      case 'refresh':
        return runAppCommand({ type: 'refresh' });
      case 'toggle-notifications':
        void backend?.api.settings
          .update({ notificationsPaused: command.paused })
          .catch(fail('pause notifications'));
        return;
      case 'open-logs-folder':
        return runAppCommand({ type: 'open-logs-folder' });
      case 'restart-to-update':
        return support?.restartToUpdate();
      case 'quit':
        app.quit();
    }
  }

  function start(b: Backend, store: KeyValueStore): void {
    backend = b;
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    app.on('second-instance', () => showWindow(win));
    app.on('activate', () => showWindow(win));
    app.on('before-quit', () => {
      quitting = true;
    });
    let disposed = false;
    app.on('will-quit', (event) => {
      if (disposed) return;
      event.preventDefault();
      disposed = true;
      tray?.destroy();
      void b
        .dispose()
        .catch(fail('dispose'))
        .finally(() => app.quit());
    });

    void app
      .whenReady()
      .then(async () => {
        hardenSession(session.defaultSession, trust);
        registerIpc(b, trust, logger);
        Menu.setApplicationMenu(
          Menu.buildFromTemplate(
            toAppMenuTemplate(
              appMenuModel({ platform: process.platform, devTools: !app.isPackaged }),
              runAppCommand,
            ),
          ),
        );
        win = createMainWindow({
          store,
          closeToTray: () => b.view().settings.closeToTray,
          isQuitting: () => quitting,
        });
        win.on('focus', () => void b.api.app.focused().catch(fail('focus poll')));
        forwardEvents(b, () => win);
        tray = createAppTray(
          runTrayCommand,
          () => showWindow(win),
          b.view(),
          () => support?.tray(),
        );

        const refreshView = () => {
          const view = b.view();
          tray?.update(view);
          if (win && !win.isDestroyed()) win.setProgressBar(saveProgressFraction(view.saves));
        };
        const viewChanged = coalesce(refreshView, VIEW_COALESCE_MS, systemClock);
        b.subscribe(() => viewChanged.request());
        setInterval(refreshView, TRAY_REFRESH_MS).unref();

        const online = createOnlineWatcher({
          isOnline: () => net.isOnline(),
          onChange: b.signals.online,
          clock: systemClock,
        });
        powerMonitor.on('suspend', () => b.signals.sleep());
        powerMonitor.on('resume', () => {
          b.signals.wake();
          online.check();
        });
        app.on('will-quit', () => online.stop());

        await b.start();
        support?.start(b, () => viewChanged.request());
        refreshView();
      })
      .catch((err: unknown) =>
        logger.error('shell: start failed', { error: err instanceof Error ? err.message : String(err) }),
      );
  }

  return { notifier, start };
}
