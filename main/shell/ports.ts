// The core's ports on Electron: net.fetch (which follows the system proxy), electron-store,
// the OS keychain, dialogs, the file manager and the system browser.
import { autostartDir, setLinuxAutostart } from './platform/linux-autostart.js';
import path from 'node:path';
import { app, dialog, net, shell } from 'electron';
import ElectronStore from 'electron-store';
import type { BackendPorts, SaveFileRequest } from '../core/backend/types.js';
import { createKeytarVault } from '../core/accounts/index.js';
import { setAsideUnreadable } from '../core/stores/index.js';
import { AppError } from '../core/errors.js';
import {
  systemClock,
  type FetchPort,
  type KeyValueStore,
  type Logger,
  type NotifyPort,
} from '../core/ports.js';
import { devBaseUrls } from './platform/dev-overrides.js';
import { EXTERNAL_URL_REFUSED, isAllowedExternalUrl } from '../../preload/contract/external-url.js';

const STORE_NAME = 'config';

export const electronFetch: FetchPort = (input, init) =>
  net.fetch(input instanceof URL ? input.href : input, init);

/** Settings, accounts and window bounds: config.json, read and written by electron-store only. */
export function openElectronStore(logger: Logger): KeyValueStore {
  const open = (): KeyValueStore => {
    // Keys are opaque (account ids may contain dots), as in the core's conf store.
    const store = new ElectronStore<Record<string, unknown>>({
      name: STORE_NAME,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    return {
      path: store.path,
      get: <T>(key: string) => store.get(key) as T | undefined,
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key),
    };
  };
  try {
    return open();
  } catch (err) {
    // A corrupt file is set aside (as the core's stores do) and electron-store starts afresh.
    const file = path.join(app.getPath('userData'), `${STORE_NAME}.json`);
    setAsideUnreadable(file, err instanceof Error ? err.message : String(err), logger);
    return open();
  }
}

export async function chooseFolder(): Promise<string | null> {
  const result = await dialog.showOpenDialog({
    title: 'Choose a folder for saved downloads',
    properties: ['openDirectory', 'createDirectory'],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * "Save as", starting in Downloads. electron.d.ts SaveDialogOptions: `showOverwriteConfirmation`
 * is Linux's (macOS and Windows always ask before replacing); a cancel gives `filePath: ''`.
 */
export async function chooseSaveFile(request: SaveFileRequest): Promise<string | null> {
  const result = await dialog.showSaveDialog({
    title: request.title,
    defaultPath: path.join(app.getPath('downloads'), request.defaultName),
    filters: [request.filter],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The app's only way to the system browser: every caller goes through the allow-list here. */
export async function openExternalAllowed(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new AppError('invalid-input', EXTERNAL_URL_REFUSED);
  await shell.openExternal(url);
}

export function createElectronPorts(notify: NotifyPort, logger: Logger): BackendPorts {
  const vault = createKeytarVault();
  const defaultBaseUrls = devBaseUrls(process.env, app.isPackaged);
  if (defaultBaseUrls) logger.warn('dev: new accounts use a local API', defaultBaseUrls);
  return {
    ...(defaultBaseUrls ? { defaultBaseUrls } : {}),
    fetch: electronFetch,
    vault,
    probeVault: () => vault.probe(),
    store: openElectronStore(logger),
    notify,
    reveal: async (path) => shell.showItemInFolder(path),
    open: async (path) => {
      const problem = await shell.openPath(path);
      if (problem) throw new AppError('not-found', problem);
    },
    openExternal: openExternalAllowed,
    chooseFolder,
    chooseSaveFile,
    clock: systemClock,
    paths: { downloads: app.getPath('downloads'), userData: app.getPath('userData') },
    logger,
    setStartAtLogin: (enabled) => {
      if (process.platform === 'darwin' || process.platform === 'win32') {
        app.setLoginItemSettings({ openAtLogin: enabled });
      } else if (process.platform === 'linux') {
        // An AppImage runs from a temporary mount: start the AppImage file itself.
        const execPath = process.env.APPIMAGE ?? process.execPath;
        void setLinuxAutostart(enabled, {
          dir: autostartDir(process.env, app.getPath('home')),
          execPath,
        }).catch((err: unknown) =>
          logger.warn('start at login could not be changed', { error: String(err) }),
        );
      }
    },
  };
}
