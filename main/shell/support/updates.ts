// electron-updater's autoUpdater behind the core's UpdateController: the controller decides
// when to check and whether to download; this file only translates calls and events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, Notification } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from '../../core/ports.js';
import { systemClock } from '../../core/ports.js';
import {
  createUpdateController,
  detectInstallKind,
  updateSupport,
  type UpdateController,
  type UpdateState,
  type UpdateSupport,
} from '../../core/support/index.js';

function packageType(): string | null {
  try {
    return readFileSync(join(process.resourcesPath, 'package-type'), 'utf8');
  } catch {
    return null;
  }
}

export function installSupport(): UpdateSupport {
  return updateSupport(
    detectInstallKind({
      platform: process.platform,
      isPackaged: app.isPackaged,
      appImage: process.env['APPIMAGE'],
      packageType: packageType(),
    }),
  );
}

export interface AppUpdates {
  controller: UpdateController;
  restartToInstall(): void;
}

export function createAppUpdates(options: {
  support: UpdateSupport;
  settingOn: boolean;
  logger: Logger;
  onState: (state: UpdateState) => void;
}): AppUpdates {
  const { support, logger } = options;
  // electron-updater picks its updater class on first access; on a deb that would be its
  // DebUpdater, which this app does not use (the package manager updates it).
  const updater = support.selfUpdate ? electronUpdater.autoUpdater : null;
  const controller = createUpdateController({
    clock: systemClock,
    currentVersion: app.getVersion(),
    support,
    settingOn: options.settingOn,
    logger,
    onState: (state) => {
      if (updater) updater.autoInstallOnAppQuit = controller.installOnQuit();
      options.onState(state);
    },
    notify: (notice) => {
      if (Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show();
    },
    feed: {
      check: async () => (updater ? ((await updater.checkForUpdates())?.updateInfo ?? null) : null),
      download: async () => {
        await updater?.downloadUpdate();
      },
    },
  });
  if (updater) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = controller.installOnQuit();
    updater.logger = {
      info: (m: unknown) => logger.info('updater', { message: String(m) }),
      warn: (m: unknown) => logger.warn('updater', { message: String(m) }),
      error: (m: unknown) => logger.error('updater', { message: String(m) }),
    };
    updater.on('download-progress', (p) => controller.dispatch({ type: 'progress', percent: p.percent }));
    updater.on('update-downloaded', (info) =>
      controller.dispatch({ type: 'downloaded', version: info.version }),
    );
    updater.on('error', (err) => controller.dispatch({ type: 'error', message: err.message }));
  }
  return {
    controller,
    restartToInstall: () => updater?.quitAndInstall(),
  };
}
