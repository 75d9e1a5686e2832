// A small hand-written stand-in for the parts of `electron` the shell uses, so the shell's
// wiring can be tested in plain Node. Each fake records what was done to it.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

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
  }
  maximize = () => void (this.maximized = true);
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
  }
  setImage = (image: { path: string | null }) => void (this.image = image);
  setToolTip = (text: string) => void (this.tooltip = text);
  setContextMenu = (menu: FakeMenu) => void (this.menu = menu);
  destroy = () => void (this.destroyed = true);
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

class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported = () => FakeNotification.supported;
  shown = false;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeNotification.instances.push(this);
  }
  show = () => void (this.shown = true);
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
