import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../preload/contract/index.js';
import type { StandInMenu } from '../../support/electron-stand-in.js';
import { download, electron, newElectron, onPlatform, shellView } from './support.js';

vi.mock('electron', async () => (await import('./support.js')).electronModule);

const { createAppTray } = await import('../../../main/shell/tray/tray.js');
const { createElectronNotifier } = await import('../../../main/shell/notifications/notifications.js');

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function labels(menu: StandInMenu | null): (string | undefined)[] {
  return (menu?.items ?? []).map((i) => i.label ?? i.type);
}

/** The stand-in, ready: a Tray cannot be made before the app is. */
function readyElectron(options: Parameters<typeof newElectron>[0] = {}) {
  const e = newElectron(options);
  e.app.becomeReady();
  return e;
}

describe('tray', () => {
  beforeEach(() => void readyElectron());

  it('has its menu from the moment it exists: running downloads with progress and the running icon', () => {
    const run = vi.fn();
    createAppTray(run, vi.fn(), shellView({ downloads: [download({ progress: 0.5 })] }));
    const t = electron().Tray.trays[0]!;
    // No icon files in the test: an empty image, but the state decided the (missing) file.
    expect(t.image).toMatchObject({ path: null });
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
    const e = readyElectron({ appPath: root });
    const tray = createAppTray(vi.fn(), vi.fn(), shellView());
    const t = e.Tray.trays[0]!;
    expect(t.image).toMatchObject({ path: join(root, 'build/tray/idle-light.png') });
    const view = shellView();
    view.status.accounts[0]!.state = 'needs-sign-in';
    tray.update(view);
    expect(t.image).toMatchObject({ path: join(root, 'build/tray/attention-light.png') });
    expect(t.tooltip).toBe('Datafiniti Downloads: 1 account needs sign-in');
    e.nativeTheme.shouldUseDarkColors = true;
    e.nativeTheme.emit('updated');
    expect(t.image).toMatchObject({ path: join(root, 'build/tray/attention-dark.png') });
    rmSync(root, { recursive: true });
  });

  it('on Linux, where a click only opens the menu, the menu opens the window', () => {
    onPlatform('linux', (e) => {
      e.app.becomeReady();
      const run = vi.fn();
      const onClick = vi.fn();
      createAppTray(run, onClick, shellView());
      const menu = e.Tray.trays[0]!.userClick();
      expect(onClick).not.toHaveBeenCalled();
      menu!.find('Open Datafiniti Downloads')!.click!();
      expect(run).toHaveBeenCalledWith({ type: 'open' });
    });
  });

  it('on Windows a click on the icon opens the window', () => {
    onPlatform('win32', (e) => {
      e.app.becomeReady();
      const onClick = vi.fn();
      createAppTray(vi.fn(), onClick, shellView());
      e.Tray.trays[0]!.userClick();
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
  beforeEach(() => void newElectron());

  /** The shell notifies a completed download: the notification shown, and what its clicks did. */
  function notifyCompleted() {
    const handlers = { open: vi.fn(), save: vi.fn() };
    createElectronNotifier(handlers, logger).notify(completed);
    return { handlers, note: electron().Notification.shown[0]! };
  }

  it('a click opens the window on that download', () => {
    const { handlers, note } = notifyCompleted();
    expect(note.shown).toBe(true);
    expect(note.options).toMatchObject({ title: 'Download completed', body: 'products · brand:Apple' });
    note.userClick();
    expect(handlers.open).toHaveBeenCalledWith('acc1:v4:d1');
    expect(handlers.save).not.toHaveBeenCalled();
  });

  it('the Save action saves the download on macOS', () => {
    onPlatform('darwin', () => {
      const { handlers, note } = notifyCompleted();
      expect(note.options['actions']).toEqual([{ type: 'button', text: 'Save' }]);
      note.userAction(0);
      expect(handlers.save).toHaveBeenCalledWith('acc1:v4:d1');
    });
  });

  it('on Windows: a toast clicked in the Action Center after it timed out still opens its download', () => {
    onPlatform('win32', () => {
      const { handlers, note } = notifyCompleted();
      expect(note.options['id']).toMatch(/^dfd-\d+$/);
      note.timeOut();
      note.userClick();
      expect(handlers.open).toHaveBeenCalledWith('acc1:v4:d1');
    });
  });

  it('on Windows: Save works even after the object is gone, and saves once', () => {
    onPlatform('win32', () => {
      const { handlers, note } = notifyCompleted();
      expect(note.options['actions']).toEqual([{ type: 'button', text: 'Save' }]);
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
    electron().Notification.shown[0]!.emit('failed', {}, 'not signed');
    expect(logger.warn).toHaveBeenCalledWith('notification failed', {
      kind: 'completed',
      error: 'not signed',
    });
  });

  it('shows nothing where notifications are unsupported', () => {
    electron().Notification.supported = false;
    createElectronNotifier({ open: vi.fn(), save: vi.fn() }, logger).notify(completed);
    expect(electron().Notification.shown).toHaveLength(0);
  });
});
