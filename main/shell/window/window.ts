// The one app window: restored where the user left it, hidden rather than closed when the app
// lives on in the tray or dock, and focused again when a second copy of the app is launched.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, screen } from 'electron';
import type { KeyValueStore } from '../../core/ports.js';
import {
  MIN_WINDOW_SIZE,
  WINDOW_STATE_KEY,
  closeAction,
  restoreWindowState,
  windowStateToSave,
} from './window-bounds.js';
import { devRendererUrl } from '../platform/dev-overrides.js';
import { windowIconFile } from '../tray/tray-model.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

/** The renderer's URL: electron-vite's dev server in development, the built file otherwise. */
export function rendererEntryUrl(): string {
  const dev = devRendererUrl(process.env, app.isPackaged);
  if (dev !== null) return dev;
  return pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
}

/** False when another copy runs: that copy is focused and this one should quit. */
export function claimSingleInstance(): boolean {
  return app.requestSingleInstanceLock();
}

export interface MainWindowOptions {
  store: KeyValueStore;
  closeToTray: () => boolean;
  /** Set once the user really quits, so closing no longer hides. */
  isQuitting: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = restoreWindowState(
    options.store.get(WINDOW_STATE_KEY),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const icon = windowIconFile(process.platform);
  const win = new BrowserWindow({
    ...(icon !== null ? { icon: join(app.getAppPath(), icon) } : {}),
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: APP_NAME,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const save = () => {
    if (!win.isDestroyed()) {
      options.store.set(WINDOW_STATE_KEY, windowStateToSave(win.getNormalBounds(), win.isMaximized()));
    }
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', (event) => {
    clearTimeout(saveTimer);
    save();
    const action = closeAction({
      closeToTray: options.closeToTray(),
      quitting: options.isQuitting(),
      platform: process.platform,
    });
    if (action === 'hide') {
      event.preventDefault();
      win.hide();
    } else if (!options.isQuitting()) {
      app.quit();
    }
  });

  void win.loadURL(rendererEntryUrl());
  return win;
}

export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
