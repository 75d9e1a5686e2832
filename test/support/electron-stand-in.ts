// A stand-in for the `electron` module, main and sandboxed-preload sides, for running the BUILT app
// in Node (test/integration/launch). It does what Electron 45 documents where the app relies on it,
// and anything the app touches that it does not have throws "not implemented in the stand-in: X",
// so a gap shows as a failure instead of silently passing. Sources, per behaviour:
// - node_modules/electron/electron.d.ts (v45) and electron/electron docs/api/*.md, named inline;
// - the context bridge and IPC copy as test/support/context-bridge-copy.ts describes;
// - net.fetch as test/support/electron-net-fetch.ts describes.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { copyOverIpc, exposeInWorld, handlerErrorOverIpc } from './context-bridge-copy.js';
import { electronNetFetch } from './electron-net-fetch.js';

export type StandInPlatform = 'linux' | 'darwin' | 'win32';

/** Properties the runtime probes on any object (await, inspection, JSON), never app calls. */
const PROBES = new Set([
  'then',
  'toJSON',
  'constructor',
  'inspect',
  'asymmetricMatch',
  'nodeType',
  '$$typeof',
]);

export function notImplemented(what: string): Error {
  return new Error(`not implemented in the stand-in: ${what}`);
}

/** `target`, except that reading a property it lacks throws "not implemented in the stand-in". */
export function strict<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t || PROBES.has(prop))
        return Reflect.get(t, prop, receiver) as unknown;
      throw notImplemented(`${name}.${prop}`);
    },
  });
}

/** An API the stand-in has not got at all: any use throws. */
function missing(name: string): unknown {
  const fail = () => {
    throw notImplemented(name);
  };
  return new Proxy(function () {}, {
    get: (_t, prop) => (typeof prop === 'symbol' || PROBES.has(prop) ? undefined : fail()),
    apply: fail,
    construct: fail,
  });
}

/** Every name `require('electron')` has in the main process (electron.d.ts, CrossProcessExports + main). */
export const ELECTRON_MAIN_EXPORTS = [
  'app', 'autoUpdater', 'BaseWindow', 'BrowserView', 'BrowserWindow', 'clipboard', 'contentTracing',
  'crashReporter', 'desktopCapturer', 'dialog', 'globalShortcut', 'ImageView', 'inAppPurchase', 'ipcMain',
  'Menu', 'MenuItem', 'MessageChannelMain', 'nativeImage', 'nativeTheme', 'net', 'netLog', 'Notification',
  'powerMonitor', 'powerSaveBlocker', 'protocol', 'pushNotifications', 'safeStorage', 'screen', 'session',
  'ShareMenu', 'shell', 'systemPreferences', 'TouchBar', 'Tray', 'utilityProcess', 'View', 'webContents',
  'WebContentsView', 'webFrameMain',
] as const; // prettier-ignore

interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (...args: unknown[]) => void;
  submenu?: MenuItemOptions[];
  [key: string]: unknown;
}

export interface StandInOptions {
  platform: StandInPlatform;
  /** Folder for app.getPath(...): userData, downloads, home, temp, logs each get a folder below it. */
  root: string;
  /** app.getAppPath(): where the packaged app's files (build/tray) are. */
  appPath: string;
  isPackaged?: boolean;
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
export type StandInBrowserWindow = InstanceType<ElectronStandIn['BrowserWindow']>;
export type StandInWebContents = StandInBrowserWindow['webContents'];
export type StandInMenu = InstanceType<ElectronStandIn['Menu']>;
/** What an `ipcMain.handle` handler is called with. */
export type IpcHandler = (...args: unknown[]) => unknown;

export function createElectronStandIn(options: StandInOptions) {
  const { platform } = options;
  /** What Electron would print to the console that a test may want to read. */
  const log: string[] = [];
  let nextWebContentsId = 1;

  // ---- app (docs/api/app.md) ----
  class App extends EventEmitter {
    isPackaged = options.isPackaged ?? false;
    name = 'Datafiniti Downloads';
    private readyResolve!: () => void;
    private ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
    private readyNow = false;
    quitted = false;
    loginItemSettings: unknown = null;
    appUserModelId: string | null = null;
    whenReady = () => this.ready;
    isReady = () => this.readyNow;
    /** What Electron does once Chromium has started: emits `ready` and resolves whenReady(). */
    becomeReady() {
      this.readyNow = true;
      this.emit('ready', {}, {});
      this.readyResolve();
    }
    private logsPath: string | null = null;
    getPath = (name: string) => {
      const known = [
        'userData',
        'downloads',
        'home',
        'temp',
        'appData',
        'documents',
        'desktop',
        'crashDumps',
      ];
      if (name === 'logs') return this.logsPath ?? join(options.root, 'logs');
      if (!known.includes(name)) throw new Error(`Failed to get '${name}' path`);
      return join(options.root, name);
    };
    /**
     * docs/api/app.md `app.setAppLogsPath([path])`: without a path, ~/Library/Logs/<name> on macOS
     * and a folder inside userData on Linux and Windows.
     */
    setAppLogsPath = (path?: string) => {
      this.logsPath =
        path ??
        (platform === 'darwin'
          ? join(options.root, 'home', 'Library', 'Logs', this.name)
          : join(options.root, 'userData', 'logs'));
    };
    getAppPath = () => options.appPath;
    getVersion = () => '0.1.0';
    getName = () => this.name;
    requestSingleInstanceLock = () => true;
    setLoginItemSettings = (settings: unknown) => {
      if (platform === 'linux') return; // docs/api/app.md: macOS and Windows only
      this.loginItemSettings = settings;
    };
    setAppUserModelId = (id: string) => {
      if (platform !== 'win32') throw notImplemented('app.setAppUserModelId (Windows only)');
      this.appUserModelId = id;
    };
    /**
     * docs/api/app.md `app.quit()`: emits `before-quit`, then `will-quit` unless prevented; either
     * handler may call preventDefault to keep the app running.
     */
    quit = () => {
      let prevented = false;
      const event = () => ({ preventDefault: () => (prevented = true) });
      this.emit('before-quit', event());
      if (prevented) return;
      this.emit('will-quit', event());
      if (prevented) return;
      if (this.quitted) return;
      this.quitted = true;
      this.emit('quit', event(), 0);
    };
  }
  const app = strict(new App(), 'app');

  // ---- ipcMain / ipcRenderer (docs/api/ipc-main.md, ipc-renderer.md) ----
  const handlers = new Map<string, IpcHandler>();
  const ipcMain = strict(
    Object.assign(new EventEmitter(), {
      handle(channel: string, fn: IpcHandler) {
        // lib/browser/ipc-main-impl.ts: "Attempted to register a second handler for '<channel>'"
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, fn);
      },
      removeHandler(channel: string) {
        handlers.delete(channel);
      },
    }),
    'ipcMain',
  );

  // ---- webContents + BrowserWindow (docs/api/browser-window.md, web-contents.md) ----
  class WebContents extends EventEmitter {
    id = nextWebContentsId++;
    url = '';
    destroyed = false;
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    /** Listeners of the sandboxed preload's ipcRenderer, by channel. */
    rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
    /** Every message sent to the page, [channel, ...args] as the page receives them (copied). */
    sent: unknown[][] = [];
    isDestroyed = () => this.destroyed;
    getURL = () => this.url;
    setWindowOpenHandler = (h: (details: { url: string }) => unknown) => void (this.windowOpenHandler = h);
    send = (channel: string, ...args: unknown[]) => {
      if (this.destroyed) throw new Error('Object has been destroyed');
      const copied = copyOverIpc(args);
      this.sent.push([channel, ...copied]);
      for (const l of this.rendererListeners.get(channel) ?? [])
        l({ sender: null, senderId: 0, ports: [] }, ...copied);
    };
  }

  class BrowserWindow extends EventEmitter {
    static windows: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.windows.filter((w) => !w.destroyed);
    webContents: WebContents;
    /** `window` of the page (main world): what the renderer's scripts see. */
    page: Record<string, unknown> = {};
    visible = false;
    focused = false;
    maximized = false;
    minimized = false;
    destroyed = false;
    progress: number | null = null;
    bounds: { x: number; y: number; width: number; height: number };
    constructor(public readonly options: Record<string, unknown>) {
      super();
      if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
      this.webContents = strict(new WebContents(), 'webContents');
      this.bounds = {
        x: (options.x as number | undefined) ?? 0,
        y: (options.y as number | undefined) ?? 0,
        width: (options.width as number | undefined) ?? 800,
        height: (options.height as number | undefined) ?? 600,
      };
      this.visible = options.show !== false;
      BrowserWindow.windows.push(this);
      const self = strict(this, 'BrowserWindow');
      app.emit('web-contents-created', {}, this.webContents);
      app.emit('browser-window-created', {}, self);
      return self;
    }
    show = () => {
      this.visible = true;
      this.focused = true;
      this.emit('show');
    };
    hide = () => {
      this.visible = false;
      this.emit('hide');
    };
    focus = () => void (this.focused = true);
    isVisible = () => this.visible;
    isFocused = () => this.focused;
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    restore = () => void (this.minimized = false);
    // electron.d.ts: "Maximizes the window. This will also show (but not focus) the window if it
    // isn't being displayed already."
    maximize = () => {
      this.maximized = true;
      this.visible = true;
    };
    isMaximized = () => this.maximized;
    getNormalBounds = () => ({ ...this.bounds });
    getBounds = () => ({ ...this.bounds });
    setProgressBar = (p: number) => void (this.progress = p);
    setTitle = (title: string) => void (this.options['title'] = title);
    /** Loads the page: runs the preload in its isolated world, then `ready-to-show`. */
    loadURL = async (url: string) => {
      this.webContents.url = url;
      const prefs = (this.options['webPreferences'] ?? {}) as Record<string, unknown>;
      if (typeof prefs['preload'] === 'string') loadPreload(prefs['preload'], this);
      this.webContents.emit('did-finish-load');
      // docs/api/browser-window.md: emitted when the page has been rendered for the first time.
      setImmediate(() => this.emit('ready-to-show'));
    };
    /**
     * As the OS closing the window: `close`, which a handler may prevent, then `closed`. Returns
     * whether the close went ahead, for tests to read (Electron's close() returns nothing).
     */
    close = (): boolean => {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return false;
      this.destroy();
      return true;
    };
    destroy = () => {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    };
  }

  /**
   * A preload that cannot be read or throws does not stop the page: lib/sandboxed_renderer/init.ts
   * logs "Unable to load preload script: <path>" and the error, and the browser side emits
   * webContents `preload-error` (docs/api/web-contents.md); the page loads without the preload's API.
   */
  function loadPreload(path: string, win: BrowserWindow): void {
    try {
      runSandboxedPreload(path, win);
    } catch (error) {
      log.push(`Unable to load preload script: ${path}\n${String(error)}`);
      win.webContents.emit('preload-error', {}, path, error);
    }
  }

  /**
   * The preload as Electron runs a sandboxed one (docs/tutorial/sandbox.md): CommonJS in its own
   * world, with a `require` that only knows `electron` (renderer side), `events`, `timers` and `url`.
   */
  function runSandboxedPreload(path: string, win: BrowserWindow): void {
    const code = readFileSync(path, 'utf8');
    const allowed: Record<string, unknown> = { electron: preloadElectron(win), events: EventEmitter };
    const sandboxRequire = (id: string) => {
      if (id in allowed) return allowed[id];
      throw new Error(`module not found: ${id}`);
    };
    const isolatedWorld = vm.createContext({
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      structuredClone,
    });
    const module = { exports: {} as unknown };
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${code}\n})`,
      isolatedWorld,
      { filename: path },
    ) as (...args: unknown[]) => void;
    wrapper(module.exports, sandboxRequire, module, path, join(path, '..'));
  }

  /** `require('electron')` in the sandboxed preload of `win`: contextBridge and ipcRenderer. */
  function preloadElectron(win: BrowserWindow) {
    const renderer = {
      contextBridge: strict(
        {
          exposeInMainWorld(key: string, api: unknown) {
            exposeInWorld(win.page, key, api);
          },
        },
        'contextBridge',
      ),
      ipcRenderer: strict(
        {
          invoke: async (channel: string, ...args: unknown[]) => {
            const handler = handlers.get(channel);
            if (!handler)
              throw handlerErrorOverIpc(channel, new Error(`No handler registered for '${channel}'`));
            const event = {
              sender: win.webContents,
              senderFrame: { url: win.webContents.url, parent: null },
              processId: 1,
              frameId: 1,
            };
            let result: unknown;
            try {
              result = await handler(event, ...copyOverIpc(args));
            } catch (err) {
              throw handlerErrorOverIpc(channel, err);
            }
            return copyOverIpc(result);
          },
          on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
            const list = win.webContents.rendererListeners.get(channel) ?? [];
            win.webContents.rendererListeners.set(channel, [...list, listener]);
            return renderer.ipcRenderer;
          },
        },
        'ipcRenderer',
      ),
    };
    return strict(renderer, 'electron (preload)');
  }

  // ---- Menu (docs/api/menu.md) ----
  class Menu {
    static application: Menu | null = null;
    constructor(readonly items: MenuItemOptions[]) {}
    static buildFromTemplate = (template: MenuItemOptions[]) => strict(new Menu(template), 'Menu');
    static setApplicationMenu = (menu: Menu | null) => void (Menu.application = menu);
    /** The item a person would pick by its label (depth-first). */
    find(label: string, items: MenuItemOptions[] = this.items): MenuItemOptions | undefined {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = item.submenu ? this.find(label, item.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    }
    /** A click on an item, as Electron calls it: click(menuItem, browserWindow, event). */
    pick(label: string): void {
      const item = this.find(label);
      if (!item) throw new Error(`no menu item "${label}"`);
      item.click?.(item, undefined, {});
    }
  }

  // ---- Tray (docs/api/tray.md) ----
  class Tray extends EventEmitter {
    static trays: Tray[] = [];
    menu: Menu | null = null;
    tooltip = '';
    image: unknown;
    destroyed = false;
    /** The menu when the icon first appears: the OS draws it after the current turn of the loop. */
    menuWhenShown: Menu | null | undefined = undefined;
    constructor(image: unknown) {
      super();
      if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
      this.image = image;
      Tray.trays.push(this);
      setImmediate(() => (this.menuWhenShown = this.menu));
      return strict(this, 'Tray');
    }
    setContextMenu = (menu: Menu | null) => void (this.menu = menu);
    setToolTip = (text: string) => void (this.tooltip = text);
    setImage = (image: unknown) => void (this.image = image);
    destroy = () => void (this.destroyed = true);
    isDestroyed = () => this.destroyed;
    /**
     * A person clicks the icon. docs/api/tray.md, Platform Considerations: on Linux (StatusNotifier
     * / AppIndicator) "the click event is ignored" and the context menu opens instead. macOS
     * (shell/browser/ui/tray_icon_cocoa.mm, mouseDown): `click`, then the context menu if one is
     * set. Windows (shell/browser/ui/win/notify_icon.cc, HandleClickEvent): a left click is
     * `click` only; the menu opens on a right click. Returns the menu that opens, or null when the
     * app relies on `click` alone.
     */
    userClick(): Menu | null {
      if (platform === 'linux') return this.menu;
      this.emit('click', { preventDefault() {} }, { x: 0, y: 0, width: 16, height: 16 }, { x: 0, y: 0 });
      return platform === 'darwin' && this.menu ? this.menu : null;
    }
  }

  // ---- Notification (docs/api/notification.md) ----
  let activationHandler: ((details: Record<string, unknown>) => void) | null = null;
  class Notification extends EventEmitter {
    static shown: Notification[] = [];
    /**
     * docs/api/notification.md `Notification.isSupported()`: "Whether or not desktop
     * notifications are supported on the current system".
     */
    static supported = true;
    static isSupported = () => Notification.supported;
    shown = false;
    closed = false;
    /**
     * Collected by the garbage collector once the app holds it no more: its own events no longer
     * fire (a late Action Center click), while Windows' handleActivation still does.
     */
    collected = false;
    constructor(readonly options: Record<string, unknown> = {}) {
      super();
      return strict(this, 'Notification');
    }
    get id(): string {
      return typeof this.options['id'] === 'string' ? this.options['id'] : '';
    }
    show = () => {
      this.shown = true;
      Notification.shown.push(this);
      this.emit('show', {});
    };
    close = () => {
      this.closed = true;
      this.emit('close', { reason: 'applicationHidden' });
    };
    /**
     * Windows: "the close event can be emitted ... via system timeout", after which the toast waits
     * in the Action Center (electron.d.ts, Notification `close`). Elsewhere this does nothing.
     */
    timeOut(): void {
      if (platform === 'win32') this.emit('close', { reason: 'timedOut', preventDefault() {} });
    }
    /**
     * A person clicks the notification's body: its `click` (if the object still exists) and, on
     * Windows, handleActivation, invoked for every activation (electron.d.ts). A body click
     * carries no tag (windows_toast_notification.cc writes no launch arguments).
     */
    userClick(): void {
      if (platform === 'win32' && activationHandler) {
        activationHandler({ type: 'click', arguments: '' });
      }
      if (!this.collected) this.emit('click', { preventDefault() {} });
    }
    /**
     * A person presses action button `index`. electron.d.ts: `action` gets `details.actionIndex`;
     * on Windows the toast's arguments are "type=action&action=<i>&tag=<id>"
     * (shell/browser/notifications/win/windows_toast_notification.cc).
     */
    userAction(index: number): void {
      const actions = (this.options['actions'] as unknown[] | undefined) ?? [];
      if (platform === 'linux' || index >= actions.length) throw new Error('no such action on this platform');
      if (platform === 'win32' && activationHandler) {
        activationHandler({
          type: 'action',
          actionIndex: index,
          arguments: `type=action&action=${index}&tag=${this.id}`,
        });
      }
      if (!this.collected)
        this.emit('action', { actionIndex: index, selectionIndex: -1, preventDefault() {} }, index, -1);
    }
    /** electron.d.ts: `@platform win32`. */
    static handleActivation = (callback: (details: Record<string, unknown>) => void) => {
      if (platform !== 'win32') return;
      activationHandler = callback;
    };
  }

  // ---- the rest of what the shell and its libraries read ----
  const makeImage = (path: string | null) =>
    strict({ path, isEmpty: () => path === null, setTemplateImage: () => {} }, 'NativeImage');
  const session = {
    defaultSession: strict(
      {
        permissionRequestHandler: null as IpcHandler | null,
        permissionCheckHandler: null as IpcHandler | null,
        headersReceived: null as IpcHandler | null,
        setPermissionRequestHandler(h: unknown) {
          this.permissionRequestHandler = h as IpcHandler;
        },
        setPermissionCheckHandler(h: unknown) {
          this.permissionCheckHandler = h as IpcHandler;
        },
        webRequest: strict(
          {
            onHeadersReceived: (h: unknown) => {
              session.defaultSession.headersReceived = h as IpcHandler;
            },
          },
          'session.webRequest',
        ),
      },
      'session.defaultSession',
    ),
  };
  /** What shell.* was asked to open or show, in order (docs/api/shell.md). */
  const opened: { by: 'openExternal' | 'showItemInFolder' | 'openPath'; target: string }[] = [];
  const shell = strict(
    {
      openExternal: async (url: string) => void opened.push({ by: 'openExternal', target: url }),
      showItemInFolder: (path: string) => void opened.push({ by: 'showItemInFolder', target: path }),
      openPath: async (path: string) => {
        opened.push({ by: 'openPath', target: path });
        return '';
      },
    },
    'shell',
  );
  // docs/api/crash-reporter.md: start() should run as early as possible; nothing is uploaded
  // when uploadToServer is false, and dumps go to app.getPath('crashDumps').
  const crashReporter = strict(
    {
      started: null as unknown,
      start(options: unknown) {
        this.started = options;
      },
    },
    'crashReporter',
  );
  // docs/api/clipboard.md: writeText/readText on the system clipboard.
  const clipboard = strict(
    {
      text: '',
      writeText(text: string) {
        this.text = text;
      },
      readText() {
        return this.text;
      },
    },
    'clipboard',
  );
  const nativeImage = strict(
    { createFromPath: (path: string) => makeImage(path), createEmpty: () => makeImage(null) },
    'nativeImage',
  );
  const nativeTheme = strict(
    Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
    'nativeTheme',
  );
  const powerMonitor = strict(new EventEmitter(), 'powerMonitor');
  const main: Record<string, unknown> = {
    app,
    ipcMain,
    BrowserWindow,
    Menu,
    Tray,
    Notification,
    session: strict(session, 'session'),
    screen: strict(
      {
        getAllDisplays: () => [
          { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
        ],
      },
      'screen',
    ),
    nativeImage,
    nativeTheme,
    net: strict({ fetch: electronNetFetch, isOnline: () => true }, 'net'),
    powerMonitor,
    shell,
    crashReporter,
    clipboard,
    dialog: strict({ showOpenDialog: async () => ({ canceled: true, filePaths: [] as string[] }) }, 'dialog'),
  };
  for (const name of ELECTRON_MAIN_EXPORTS) if (!(name in main)) main[name] = missing(name);

  return {
    module: strict(main, 'electron'),
    /** `require('electron')` in the sandboxed preload of a window. */
    preloadModule: (win: BrowserWindow) => preloadElectron(win),
    /** The ipcMain.handle handlers, by channel, for calling one as Electron would. */
    handlers,
    app,
    ipcMain,
    BrowserWindow,
    Tray,
    Menu,
    Notification,
    session,
    shell,
    crashReporter,
    clipboard,
    nativeImage,
    nativeTheme,
    powerMonitor,
    opened,
    log,
  };
}

/** The key on globalThis under which the generated `electron` modules find the stand-in. */
export const STAND_IN_KEY = 'datafiniti.electron-stand-in';

/** Source of the ESM module `electron` resolves to: every main-process name, from the stand-in. */
export function electronEsmShim(): string {
  const names = ELECTRON_MAIN_EXPORTS.map((n) => `export const ${n} = e.${n};`).join('\n');
  return `const e = globalThis[Symbol.for(${JSON.stringify(STAND_IN_KEY)})];\nif (!e) throw new Error('the electron stand-in is not installed');\nexport default e;\n${names}\n`;
}

export function electronCjsShim(): string {
  return `module.exports = globalThis[Symbol.for(${JSON.stringify(STAND_IN_KEY)})];\n`;
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
