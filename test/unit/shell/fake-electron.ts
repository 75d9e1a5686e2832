// A small hand-written stand-in for the parts of `electron` the shell uses, so the shell's
// wiring can be tested in plain Node. Each fake records what was done to it, and behaves as
// Electron 45's electron.d.ts and docs say where the app depends on it (named inline). Reading
// an API it lacks throws "not implemented in the stand-in: X", so gaps show.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { strict } from '../../support/electron-stand-in.js';

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  send = vi.fn();
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  bounds: { x: number; y: number; width: number; height: number };
  maximized = false;
  visible = false;
  minimized = false;
  destroyed = false;
  loadedUrl: string | null = null;
  progress: number | null = null;
  constructor(public options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: (options.x as number) ?? 0,
      y: (options.y as number) ?? 0,
      width: options.width as number,
      height: options.height as number,
    };
    FakeBrowserWindow.instances.push(this);
    return strict(this, 'BrowserWindow');
  }
  // electron.d.ts: "This will also show (but not focus) the window if it isn't being displayed already."
  maximize = () => {
    this.maximized = true;
    this.visible = true;
  };
  isMaximized = () => this.maximized;
  isMinimized = () => this.minimized;
  restore = () => void (this.minimized = false);
  show = vi.fn(() => void (this.visible = true));
  hide = vi.fn(() => void (this.visible = false));
  focus = vi.fn();
  isDestroyed = () => this.destroyed;
  getNormalBounds = () => this.bounds;
  loadURL = vi.fn(async (url: string) => void (this.loadedUrl = url));
  setProgressBar = vi.fn((p: number) => void (this.progress = p));
  /** Emits `close` as the OS would; returns whether the close went ahead. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: { path: string | null };
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: { path: string | null }) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
    return strict(this, 'Tray');
  }
  setImage = (image: { path: string | null }) => void (this.image = image);
  setToolTip = (text: string) => void (this.tooltip = text);
  setContextMenu = (menu: FakeMenu) => void (this.menu = menu);
  destroy = () => void (this.destroyed = true);
  /**
   * A person clicks the icon. docs/api/tray.md, Platform Considerations: on Linux (AppIndicator)
   * the click event is ignored and the context menu opens; returns the menu that opens, if any.
   */
  userClick(): FakeMenu | null {
    if (process.platform === 'linux') return this.menu;
    this.emit('click', { preventDefault() {} }, { x: 0, y: 0, width: 16, height: 16 }, { x: 0, y: 0 });
    return null;
  }
}

interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

class FakeMenu {
  static application: FakeMenu | null = null;
  constructor(public template: MenuItemOptions[]) {}
  static buildFromTemplate(template: MenuItemOptions[]) {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null) {
    FakeMenu.application = menu;
  }
  /** Depth-first search by label. */
  find(label: string, items: MenuItemOptions[] = this.template): MenuItemOptions | undefined {
    for (const item of items) {
      if (item.label === label) return item;
      const inner = item.submenu ? this.find(label, item.submenu) : undefined;
      if (inner) return inner;
    }
    return undefined;
  }
}

type ActivationHandler = (details: { type: string; actionIndex?: number; arguments: string }) => void;

class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static activation: ActivationHandler | null = null;
  static isSupported = () => FakeNotification.supported;
  /** electron.d.ts: `@platform win32`; invoked for every activation, object alive or not. */
  static handleActivation = (callback: ActivationHandler) => {
    if (process.platform === 'win32') FakeNotification.activation = callback;
  };
  shown = false;
  /** Collected by the garbage collector: its own events no longer fire (a late Action Center click). */
  collected = false;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeNotification.instances.push(this);
    return strict(this, 'Notification');
  }
  show = () => void (this.shown = true);
  /**
   * The toast times out. Windows: `close` with reason `timedOut` and the toast stays in the
   * Action Center (electron.d.ts, Notification `close`); other platforms emit nothing.
   */
  timeOut(): void {
    if (process.platform === 'win32') this.emit('close', { reason: 'timedOut', preventDefault() {} });
  }
  /** A person clicks the body: the object's `click` (if it still exists) and, on Windows, handleActivation. */
  userClick(): void {
    if (!this.collected) this.emit('click', { preventDefault() {} });
    // A body click carries no tag (windows_toast_notification.cc writes no launch arguments).
    if (process.platform === 'win32') FakeNotification.activation?.({ type: 'click', arguments: '' });
  }
  /** A person presses button `index`: `action` with details.actionIndex, and on Windows the activation. */
  userAction(index: number): void {
    const actions = (this.options.actions as unknown[] | undefined) ?? [];
    if (process.platform === 'linux' || index >= actions.length)
      throw new Error('no such button on this platform');
    if (!this.collected)
      this.emit('action', { actionIndex: index, selectionIndex: -1, preventDefault() {} }, index, -1);
    if (process.platform === 'win32') {
      FakeNotification.activation?.({
        type: 'action',
        actionIndex: index,
        arguments: `type=action&action=${index}&tag=${String(this.options.id)}`,
      });
    }
  }
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  quit = vi.fn();
  singleInstance = true;
  requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  setLoginItemSettings = vi.fn();
  getAppPath = () => '/nonexistent-app';
  getPath = (name: string) => `/fake/${name}`;
  private ready!: () => void;
  private readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  whenReady = () => this.readyPromise;
  becomeReady() {
    this.ready();
  }
}

function createSession() {
  const session = {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    headersReceived: null as Handler | null,
    setPermissionRequestHandler: (h: Handler) => void (session.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: Handler) => void (session.permissionCheckHandler = h),
    webRequest: { onHeadersReceived: (h: Handler) => void (session.headersReceived = h) },
  };
  return session;
}

export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  FakeNotification.activation = null;
  FakeMenu.application = null;
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: FakeMenu,
    Notification: FakeNotification,
    ipcMain: {
      handlers,
      handle: (channel: string, fn: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    nativeImage: {
      createEmpty: () => ({ path: null }),
      createFromPath: (path: string) => ({ path }),
    },
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
    shell: {
      openExternal: vi.fn(async () => {}),
      showItemInFolder: vi.fn(),
      openPath: vi.fn(async () => ''),
    },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })) },
    net: { fetch: vi.fn(), isOnline: vi.fn(() => true) },
    powerMonitor: new EventEmitter(),
    session: { defaultSession: createSession() },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export type { FakeBrowserWindow, FakeMenu, FakeNotification, FakeTray, FakeWebContents };

/** The fake every test file mocks `electron` with; reset it in beforeEach with `resetFake`. */
export const fake: FakeElectron = createFakeElectron();

export function resetFake(): void {
  Object.assign(fake, createFakeElectron());
}
