import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../preload/contract/index.js';
import { fake, resetFake, type FakeMenu } from './fake-electron.js';
import { download, shellView } from './support.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).fake);

const { createAppTray } = await import('../../../main/shell/tray/tray.js');
const { createElectronNotifier } = await import('../../../main/shell/notifications/notifications.js');

function withPlatform(platform: NodeJS.Platform, body: () => void): void {
  const real = process.platform;
  Object.defineProperty(process, 'platform', { value: platform });
  try {
    body();
  } finally {
    Object.defineProperty(process, 'platform', { value: real });
  }
}

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function labels(menu: FakeMenu | null): (string | undefined)[] {
  return (menu?.template ?? []).map((i) => i.label ?? i.type);
}

describe('tray', () => {
  beforeEach(() => resetFake());

  it('has its menu from the moment it exists: running downloads with progress and the running icon', () => {
    const run = vi.fn();
    createAppTray(run, vi.fn(), shellView({ downloads: [download({ progress: 0.5 })] }));
    const t = fake.Tray.instances[0]!;
    // No icon files in the test: an empty image, but the state decided the (missing) file.
    expect(t.image).toEqual({ path: null });
    expect(t.tooltip).toBe('Datafiniti Downloads: 1 running (50%)');
    expect(labels(t.menu)).toEqual([
      'products 50% · brand:Apple',
      'separator',
      'Save all completed',
      'Refresh now',
      'Pause notifications',
      'Open logs folder',
      'separator',
      'Open Datafiniti Downloads',
      'Quit',
    ]);
    t.menu!.find('products 50% · brand:Apple')!.click!();
    expect(run).toHaveBeenCalledWith({ type: 'open-download', downloadKey: 'acc1:v4:d1' });
    t.menu!.find('Pause notifications')!.click!();
    expect(run).toHaveBeenLastCalledWith({ type: 'toggle-notifications', paused: true });
  });

  it('switches to the attention icon file, matching the theme, when an account needs sign-in', () => {
    const root = mkdtempSync(join(tmpdir(), 'tray-'));
    mkdirSync(join(root, 'build/tray'), { recursive: true });
    for (const f of ['idle-light.png', 'attention-light.png', 'attention-dark.png']) {
      writeFileSync(join(root, 'build/tray', f), '');
    }
    fake.app.getAppPath = () => root;
    const tray = createAppTray(vi.fn(), vi.fn(), shellView());
    const t = fake.Tray.instances[0]!;
    expect(t.image).toEqual({ path: join(root, 'build/tray/idle-light.png') });
    const view = shellView();
    view.status.accounts[0]!.state = 'needs-sign-in';
    tray.update(view);
    expect(t.image).toEqual({ path: join(root, 'build/tray/attention-light.png') });
    expect(t.tooltip).toBe('Datafiniti Downloads: 1 account needs sign-in');
    fake.nativeTheme.shouldUseDarkColors = true;
    fake.nativeTheme.emit('updated');
    expect(t.image).toEqual({ path: join(root, 'build/tray/attention-dark.png') });
    rmSync(root, { recursive: true });
  });

  it('on Linux, where a click only opens the menu, the menu opens the window', () => {
    withPlatform('linux', () => {
      const run = vi.fn();
      const onClick = vi.fn();
      createAppTray(run, onClick, shellView());
      const menu = fake.Tray.instances[0]!.userClick();
      expect(onClick).not.toHaveBeenCalled();
      menu!.find('Open Datafiniti Downloads')!.click!();
      expect(run).toHaveBeenCalledWith({ type: 'open' });
    });
  });

  it('on Windows a click on the icon opens the window', () => {
    withPlatform('win32', () => {
      const onClick = vi.fn();
      createAppTray(vi.fn(), onClick, shellView());
      fake.Tray.instances[0]!.userClick();
      expect(onClick).toHaveBeenCalled();
    });
  });
});

describe('notifications', () => {
  const completed: AppNotification = {
    id: 'n1',
    kind: 'completed',
    title: 'Download completed',
    body: 'products · brand:Apple',
    downloadKey: 'acc1:v4:d1',
    canSave: true,
  };
  const platform = process.platform;
  beforeEach(() => resetFake());

  it('a click opens the window on that download', () => {
    const handlers = { open: vi.fn(), save: vi.fn() };
    createElectronNotifier(handlers, logger).notify(completed);
    const note = fake.Notification.instances[0]!;
    expect(note.shown).toBe(true);
    expect(note.options).toMatchObject({ title: 'Download completed', body: 'products · brand:Apple' });
    note.userClick();
    expect(handlers.open).toHaveBeenCalledWith('acc1:v4:d1');
    expect(handlers.save).not.toHaveBeenCalled();
  });

  it('the Save action saves the download on macOS', () => {
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      const handlers = { open: vi.fn(), save: vi.fn() };
      createElectronNotifier(handlers, logger).notify(completed);
      const note = fake.Notification.instances[0]!;
      expect(note.options.actions).toEqual([{ type: 'button', text: 'Save' }]);
      note.userAction(0);
      expect(handlers.save).toHaveBeenCalledWith('acc1:v4:d1');
    } finally {
      Object.defineProperty(process, 'platform', { value: platform });
    }
  });

  it('on Windows: a toast clicked in the Action Center after it timed out still opens its download', () => {
    withPlatform('win32', () => {
      const handlers = { open: vi.fn(), save: vi.fn() };
      createElectronNotifier(handlers, logger).notify(completed);
      const note = fake.Notification.instances[0]!;
      expect(note.options.id).toMatch(/^dfd-\d+$/);
      note.timeOut();
      note.userClick();
      expect(handlers.open).toHaveBeenCalledWith('acc1:v4:d1');
    });
  });

  it('on Windows: Save works even after the object is gone, and saves once', () => {
    withPlatform('win32', () => {
      const handlers = { open: vi.fn(), save: vi.fn() };
      createElectronNotifier(handlers, logger).notify(completed);
      const note = fake.Notification.instances[0]!;
      expect(note.options.actions).toEqual([{ type: 'button', text: 'Save' }]);
      note.userAction(0);
      expect(handlers.save).toHaveBeenCalledTimes(1);
      note.collected = true;
      note.userAction(0);
      expect(handlers.save).toHaveBeenCalledTimes(2);
      expect(handlers.save).toHaveBeenLastCalledWith('acc1:v4:d1');
    });
  });

  it('logs a notification that failed to show', () => {
    createElectronNotifier({ open: vi.fn(), save: vi.fn() }, logger).notify(completed);
    fake.Notification.instances[0]!.emit('failed', {}, 'not signed');
    expect(logger.warn).toHaveBeenCalledWith('notification failed', {
      kind: 'completed',
      error: 'not signed',
    });
  });

  it('shows nothing where notifications are unsupported', () => {
    fake.Notification.supported = false;
    createElectronNotifier({ open: vi.fn(), save: vi.fn() }, logger).notify(completed);
    expect(fake.Notification.instances).toHaveLength(0);
  });
});
