import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../../main/core/settings/index.js';
import { WINDOW_STATE_KEY } from '../../../main/shell/window/window-bounds.js';
import { createSpyBackend, download, electron, newElectron, recordingLogger, shellView } from './support.js';
import { SaveProgressFeed } from '../../../main/core/backend/save-progress-feed.js';

vi.mock('electron', async () => (await import('./support.js')).electronModule);
vi.mock('electron-store', () => ({ default: class {} }));

const { createShell } = await import('../../../main/shell/app.js');

async function started(options: { closeToTray?: boolean; saved?: unknown } = {}) {
  // Packaged, as the user runs it: no dev server URL, no developer menu.
  const e = newElectron({ isPackaged: true });
  const quit = vi.spyOn(e.app, 'quit');
  const fb = createSpyBackend();
  fb.state.view = shellView({
    settings: { ...fb.state.view.settings, closeToTray: options.closeToTray ?? true },
  });
  const store = createMemoryStore();
  if (options.saved) store.set(WINDOW_STATE_KEY, options.saved);
  const shell = createShell(recordingLogger().logger);
  shell.start(fb.backend, store);
  e.app.becomeReady();
  await vi.waitFor(() => expect(fb.backend.start).toHaveBeenCalled());
  const win = e.BrowserWindow.windows[0]!;
  return { ...fb, shell, store, win, quit };
}

describe('shell start', () => {
  beforeEach(() => vi.useRealTimers());

  it('creates one locked-down window on the built renderer', async () => {
    const { win } = await started();
    expect(electron().BrowserWindow.windows).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(win.options.webPreferences).not.toHaveProperty('webSecurity');
    expect(win.webContents.getURL()).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(electron().handlers.has('datafiniti:call')).toBe(true);
    expect(electron().session.defaultSession.permissionRequestHandler).not.toBeNull();
  });

  it('Refresh (Ctrl/Cmd+R) refreshes and Settings (Ctrl/Cmd+,) navigates the renderer', async () => {
    const { backend, win } = await started();
    const menu = electron().Menu.application!;
    const refresh = menu.find('Refresh')!;
    expect(refresh.accelerator).toBe('CmdOrCtrl+R');
    refresh.click!();
    expect(backend.api.downloads.refresh).toHaveBeenCalled();
    const settings = menu.find('Settings') ?? menu.find('Settings…')!;
    expect(settings.accelerator).toBe('CmdOrCtrl+,');
    settings.click!();
    expect(win.webContents.sent).toContainEqual([
      'datafiniti:event',
      'navigate',
      { downloadKey: null, view: 'settings' },
    ]);
  });

  it('Help → About shows the window on the About card, not merely Settings', async () => {
    const { win } = await started();
    win.hide();
    const about = electron().Menu.application!.find('About')!;
    about.click!();
    expect(win.visible).toBe(true);
    expect(win.webContents.sent).toContainEqual([
      'datafiniti:event',
      'navigate',
      { downloadKey: null, view: 'about' },
    ]);
  });

  it('a notification click shows the window on that download', async () => {
    const { backend, shell, win } = await started();
    win.hide();
    shell.notifier.notify({
      id: 'n',
      kind: 'completed',
      title: 'Done',
      body: 'b',
      downloadKey: 'acc1:v4:d9',
      canSave: true,
    });
    electron().Notification.shown[0]!.userClick();
    expect(win.visible).toBe(true);
    expect(backend.navigate).toHaveBeenCalledWith('acc1:v4:d9');
  });

  it('turns sleep, wake, focus and a second launch into backend signals', async () => {
    const { backend, win } = await started();
    electron().powerMonitor.emit('suspend');
    expect(backend.signals.sleep).toHaveBeenCalled();
    electron().powerMonitor.emit('resume');
    expect(backend.signals.wake).toHaveBeenCalled();
    expect(backend.signals.online).toHaveBeenCalledWith(true);
    win.emit('focus');
    expect(backend.api.app.focused).toHaveBeenCalled();
    win.hide();
    electron().app.emit('second-instance');
    expect(win.visible).toBe(true);
  });

  it('tray commands reach the backend', async () => {
    const { backend } = await started();
    const tray = electron().Tray.trays[0]!;
    tray.menu!.find('Save all completed')!.click!();
    expect(backend.saveAllCompleted).toHaveBeenCalled();
    tray.menu!.find('Pause notifications')!.click!();
    expect(backend.api.settings.update).toHaveBeenCalledWith({ notificationsPaused: true });
  });

  it('shows save progress on the taskbar and the new state in the tray', async () => {
    const { emit, state, win } = await started();
    state.view = shellView({
      downloads: [download()],
      saves: [
        {
          jobId: 'j',
          downloadKey: 'acc1:v4:d1',
          folder: '/x',
          state: 'running',
          files: [],
          bytesDone: 30,
          bytesTotal: 120,
          speed: 0,
          etaSeconds: null,
          error: null,
          manifest: null,
        },
      ],
    });
    emit('saves', new SaveProgressFeed().update(state.view.saves[0]!));
    await vi.waitFor(() => expect(win.progress).toBe(0.25));
    expect(electron().Tray.trays[0]!.tooltip).toContain('1 running');
  });

  it('closing hides to the tray when closeToTray is on', async () => {
    const { win, quit } = await started({ closeToTray: true });
    await vi.waitFor(() => expect(win.visible).toBe(true));
    expect(win.close()).toBe(false);
    expect(win.visible).toBe(false);
    expect(win.isDestroyed()).toBe(false);
    expect(quit).not.toHaveBeenCalled();
  });

  it.skipIf(process.platform === 'darwin')('closing quits when closeToTray is off', async () => {
    const { win, quit } = await started({ closeToTray: false });
    expect(win.close()).toBe(true);
    expect(quit).toHaveBeenCalled();
  });

  it('quitting disposes the backend first', async () => {
    const { backend, quit } = await started();
    // The backend takes its time to stop (saves persisting, transfers closing): the app must
    // not quit until it is done.
    let release = (): void => {};
    backend.dispose.mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    electron().app.emit('before-quit');
    let prevented = false;
    electron().app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(backend.dispose).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(quit).toHaveBeenCalled());
    expect(backend.dispose.mock.invocationCallOrder[0]!).toBeLessThan(quit.mock.invocationCallOrder[0]!);
    expect(electron().app.quitted).toBe(true);
  });
});

describe('window bounds', () => {
  it('reopens where it was left and remembers the new place on close', async () => {
    const { win, store } = await started({
      saved: { x: 100, y: 80, width: 900, height: 700, maximized: false },
    });
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 900, height: 700 });
    win.bounds = { x: 200, y: 150, width: 1000, height: 650 };
    win.close();
    expect(store.get(WINDOW_STATE_KEY)).toEqual({
      x: 200,
      y: 150,
      width: 1000,
      height: 650,
      maximized: false,
    });
  });

  it('ignores a saved place that is off every screen', async () => {
    const { win } = await started({ saved: { x: 5000, y: 5000, width: 900, height: 700 } });
    expect(win.options).not.toHaveProperty('x');
    expect(win.options).toMatchObject({ width: 900, height: 700 });
  });
});
