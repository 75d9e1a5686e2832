// The support adapters' wiring (main/shell/support) on the Electron stand-in
// (test/support/electron-stand-in.ts: crashReporter.start, clipboard.writeText, shell.openPath /
// showItemInFolder, app.setAppLogsPath / getPath('logs')) and a stand-in for electron-updater's
// autoUpdater, which follows its documented API: checkForUpdates() → { updateInfo },
// downloadUpdate() then 'update-downloaded', quitAndInstall(). The decisions themselves are tested in test/unit/support and against a real
// feed in test/integration/support.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialVault } from '../../../../main/core/ports.js';
import { createSpyBackend, electron, newElectron } from '../support.js';

const support = vi.hoisted(() => ({
  dir: '',
  updaterReads: 0,
  updater: null as unknown,
}));

vi.mock('electron', async () => (await import('../support.js')).electronModule);
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
  support.dir = await mkdtemp(join(tmpdir(), 'df-shell-support-'));
  // Packaged (updates are only looked for then), its folders below the test's own.
  newElectron({ root: support.dir, isPackaged: true });
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
    expect(electron().crashReporter.started).toEqual({ uploadToServer: false });
    const keychain: CredentialVault = {
      get: async () => 'kept-in-the-keychain-token',
      set: async () => {},
      delete: async () => true,
    };
    const vault = s.guardVault(keychain);
    await vault.get('acc1');
    s.logger.warn('oops kept-in-the-keychain-token', { token: 'x', accountId: 'acc1' });
    const log = await readFile(join(electron().app.getPath('logs'), 'main.log'), 'utf8');
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
    expect(electron().Notification.shown.map((n) => n.options['title'])).toEqual(['Update ready']);
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
    const text = electron().clipboard.readText();
    expect(text).toContain('  v4: 1 (ok 1)');
    expect(text).toContain('INFO something happened');
    expect(text).toContain(`0 in ${join(support.dir, 'crashDumps')}`);
    const logs = electron().app.getPath('logs');
    const files = (await readdir(logs)).filter((f) => f.startsWith('diagnostics-'));
    expect(files).toHaveLength(1);
    expect(await readFile(join(logs, files[0]!), 'utf8')).toBe(text);
    expect(electron().opened).toEqual([{ by: 'showItemInFolder', target: join(logs, files[0]!) }]);
  });

  it('opens the logs folder in the file manager', async () => {
    const s = createAppSupport();
    await s.openLogsFolder();
    expect(electron().opened).toEqual([{ by: 'openPath', target: electron().app.getPath('logs') }]);
  });
});
