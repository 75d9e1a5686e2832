// The support adapters' wiring (main/shell/support) on a stand-in for `electron` and for
// electron-updater's autoUpdater. The stand-ins follow the documented APIs: crashReporter.start,
// clipboard.writeText, shell.openPath / showItemInFolder, app.setAppLogsPath / getPath('logs'),
// and autoUpdater's checkForUpdates() → { updateInfo }, downloadUpdate() then 'update-downloaded',
// quitAndInstall(). The decisions themselves are tested in test/unit/support and against a real
// feed in test/integration/support.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialVault } from '../../../../main/core/ports.js';
import { fake, resetFake } from '../fake-electron.js';
import { createSpyBackend } from '../support.js';

const support = vi.hoisted(() => ({
  dir: '',
  crashReporter: { start: vi.fn() },
  clipboard: { writeText: vi.fn() },
  updaterReads: 0,
  updater: null as unknown,
}));

vi.mock('electron', async () => {
  const { fake: base } = await import('../fake-electron.js');
  return {
    ...base,
    get app() {
      return Object.assign(base.app, {
        setAppLogsPath: vi.fn(),
        getVersion: () => '0.1.0',
        getPath: (name: string) => join(support.dir, name),
      });
    },
    get Notification() {
      return base.Notification;
    },
    get shell() {
      return base.shell;
    },
    crashReporter: support.crashReporter,
    clipboard: support.clipboard,
  };
});
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      support.updaterReads += 1;
      return support.updater;
    },
  },
}));

const { createAppSupport } = await import('../../../../main/shell/support/index.js');

class FakeUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: unknown = null;
  checkForUpdates = vi.fn(async () => ({
    updateInfo: { version: '0.2.0', files: [{ url: 'app-0.2.0.AppImage', sha512: 'abc' }] },
  }));
  downloadUpdate = vi.fn(async () => {
    this.emit('update-downloaded', { version: '0.2.0' });
    return [];
  });
  quitAndInstall = vi.fn();
}

const resources = process as { resourcesPath?: string };

beforeEach(async () => {
  resetFake();
  support.dir = await mkdtemp(join(tmpdir(), 'df-shell-support-'));
  support.crashReporter.start.mockClear();
  support.clipboard.writeText.mockClear();
  support.updaterReads = 0;
  support.updater = new FakeUpdater();
  resources.resourcesPath = support.dir;
  delete process.env['APPIMAGE'];
});
afterEach(async () => {
  delete resources.resourcesPath;
  delete process.env['APPIMAGE'];
  await rm(support.dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('shell support (Linux install kinds)', () => {
  it('keeps crash dumps local and logs to <logs>/main.log without the tokens it has seen', async () => {
    const s = createAppSupport();
    expect(support.crashReporter.start).toHaveBeenCalledWith({ uploadToServer: false });
    const keychain: CredentialVault = {
      get: async () => 'kept-in-the-keychain-token',
      set: async () => {},
      delete: async () => true,
    };
    const vault = s.guardVault(keychain);
    await vault.get('acc1');
    s.logger.warn('oops kept-in-the-keychain-token', { token: 'x', accountId: 'acc1' });
    const log = await readFile(join(support.dir, 'logs', 'main.log'), 'utf8');
    expect(log).toContain('WARN oops [redacted] {"token":"[redacted]","accountId":"acc1"}');
    expect(log).not.toContain('kept-in-the-keychain-token');
  });

  it('an AppImage checks at start, downloads, offers the restart in the tray and notifies once', async () => {
    process.env['APPIMAGE'] = '/home/u/Datafiniti.AppImage';
    const updater = support.updater as FakeUpdater;
    const s = createAppSupport();
    const { backend } = createSpyBackend();
    const changed = vi.fn();
    s.start(backend, changed);
    await vi.waitFor(() => expect(s.tray()).toEqual({ updateReady: true }));
    expect(updater.autoDownload).toBe(false);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(changed).toHaveBeenCalled();
    expect(fake.Notification.instances.map((n) => n.options['title'])).toEqual(['Update ready']);
    expect(s.port.about().update).toBe('Version 0.2.0 is ready: restart to install it.');
    s.restartToUpdate();
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('a deb never touches electron-updater and says the package manager updates it', async () => {
    await writeFile(join(support.dir, 'package-type'), 'deb\n');
    const s = createAppSupport();
    s.start(createSpyBackend().backend, () => {});
    expect(support.updaterReads).toBe(0);
    expect(s.port.about().update).toMatch(/package manager/);
    expect(s.tray()).toEqual({ updateReady: false });
  });

  it('copies diagnostics to the clipboard and beside the logs, and shows that file', async () => {
    await writeFile(join(support.dir, 'package-type'), 'deb\n');
    const s = createAppSupport();
    const { backend } = createSpyBackend();
    backend.api.accounts.list.mockResolvedValue([{ version: 'v4', state: 'ok' }]);
    s.start(backend, () => {});
    s.logger.info('something happened');
    await s.copyDiagnostics();
    const text = String(support.clipboard.writeText.mock.calls[0]?.[0]);
    expect(text).toContain('  v4: 1 (ok 1)');
    expect(text).toContain('INFO something happened');
    expect(text).toContain(`0 in ${join(support.dir, 'crashDumps')}`);
    const files = (await readdir(join(support.dir, 'logs'))).filter((f) => f.startsWith('diagnostics-'));
    expect(files).toHaveLength(1);
    expect(await readFile(join(support.dir, 'logs', files[0]!), 'utf8')).toBe(text);
    expect(fake.shell.showItemInFolder).toHaveBeenCalledWith(join(support.dir, 'logs', files[0]!));
  });

  it('opens the logs folder in the file manager', async () => {
    const s = createAppSupport();
    await s.openLogsFolder();
    expect(fake.shell.openPath).toHaveBeenCalledWith(join(support.dir, 'logs'));
  });
});
