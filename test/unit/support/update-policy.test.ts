import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/ports.js';
import {
  compareVersions,
  createUpdateController,
  decideOnFeed,
  detectInstallKind,
  initialUpdateState,
  reduceUpdate,
  updatePermissions,
  updateReadyNotice,
  updateSupport,
} from '../../../main/core/support/index.js';
import { VirtualClock } from '../../support/virtual-clock.js';

const facts = { platform: 'linux', isPackaged: true, appImage: undefined, packageType: null };
const NOW = Date.parse('2026-01-05T09:00:00Z');
const file = { url: 'a.exe', sha512: 'x' };

describe('which installs update themselves', () => {
  it('tells the install apart the way electron-updater does', () => {
    expect(detectInstallKind({ ...facts, isPackaged: false })).toBe('development');
    expect(detectInstallKind({ ...facts, platform: 'win32' })).toBe('nsis');
    expect(detectInstallKind({ ...facts, platform: 'darwin' })).toBe('mac');
    expect(detectInstallKind({ ...facts, appImage: '/home/u/app.AppImage' })).toBe('appimage');
    expect(detectInstallKind({ ...facts, packageType: 'deb\n' })).toBe('deb');
    expect(detectInstallKind({ ...facts, packageType: 'deb', appImage: '/x.AppImage' })).toBe('deb');
    expect(detectInstallKind(facts)).toBe('linux-unpacked');
  });

  it('the deb says its updates come through the package manager', () => {
    const deb = updateSupport('deb');
    expect(deb.selfUpdate).toBe(false);
    expect(deb.reason).toMatch(/package manager/);
    expect(initialUpdateState('0.1.0', deb, true)).toMatchObject({
      phase: 'unsupported',
      message: deb.reason,
    });
    for (const kind of ['nsis', 'mac', 'appimage'] as const)
      expect(updateSupport(kind).selfUpdate).toBe(true);
    for (const kind of ['rpm', 'pacman', 'linux-unpacked', 'development'] as const) {
      expect(updateSupport(kind)).toMatchObject({ selfUpdate: false, reason: expect.any(String) });
    }
  });

  it('the setting off allows no check, no download and no install on quit', () => {
    expect(updatePermissions(false, updateSupport('nsis'))).toEqual({
      check: false,
      download: false,
      installOnQuit: false,
    });
    expect(updatePermissions(true, updateSupport('deb')).check).toBe(false);
    expect(updatePermissions(true, updateSupport('appimage'))).toEqual({
      check: true,
      download: true,
      installOnQuit: true,
    });
  });
});

describe('versions', () => {
  it('orders as semver does, pre-releases before their release', () => {
    expect(compareVersions('0.2.0', '0.1.9')).toBe(1);
    expect(compareVersions('0.10.0', '0.9.0')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-beta.2', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-beta.10', '1.0.0-beta.2')).toBe(1);
    expect(compareVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1);
    expect(compareVersions('v1.2.3', '1.2.3+build.5')).toBe(0);
    expect(() => compareVersions('latest', '1.0.0')).toThrow(/not a version/);
  });
});

describe('decideOnFeed', () => {
  it('downloads only a newer, checksummed version while the setting is on', () => {
    expect(decideOnFeed('0.1.0', { version: '0.2.0', files: [file] }, true)).toEqual({
      action: 'download',
      version: '0.2.0',
    });
    expect(decideOnFeed('0.1.0', { version: '0.2.0', files: [file] }, false)).toEqual({
      action: 'none',
      event: { type: 'setting-off' },
    });
    expect(decideOnFeed('0.2.0', { version: '0.2.0', files: [file] }, true).action).toBe('none');
    expect(decideOnFeed('0.1.0', null, true)).toEqual({ action: 'none', event: { type: 'not-available' } });
  });

  it('turns a malformed feed into an error, not a crash', () => {
    for (const info of [
      { files: [file] },
      { version: 'soon', files: [file] },
      { version: 2, files: [file] },
    ]) {
      expect(decideOnFeed('0.1.0', info, true)).toMatchObject({ event: { type: 'error' } });
    }
    for (const files of [[], [{ url: 'a.exe' }], ['a.exe'], undefined]) {
      expect(decideOnFeed('0.1.0', { version: '0.2.0', files }, true)).toEqual({
        action: 'none',
        event: { type: 'error', message: 'The update feed lists no checksummed file.' },
      });
    }
  });
});

describe('what the user is told', () => {
  const nsis = updateSupport('nsis');
  const step = (events: Parameters<typeof reduceUpdate>[1][], on = true) =>
    events.reduce((s, e) => reduceUpdate(s, e, nsis, NOW), initialUpdateState('0.1.0', nsis, on));

  it('follows a check through download to ready', () => {
    expect(step([{ type: 'checking' }]).message).toBe('Checking for updates…');
    expect(
      step([
        { type: 'downloading', version: '0.2.0' },
        { type: 'progress', percent: 41.7 },
      ]).message,
    ).toBe('Downloading version 0.2.0 in the background (41%).');
    const ready = step([
      { type: 'downloading', version: '0.2.0' },
      { type: 'downloaded', version: '0.2.0' },
    ]);
    expect(ready).toMatchObject({ phase: 'ready', version: '0.2.0' });
    // A later failed check does not hide an update that is ready.
    expect(reduceUpdate(ready, { type: 'error', message: 'offline' }, nsis, NOW)).toBe(ready);
    expect(reduceUpdate(ready, { type: 'setting-off' }, nsis, NOW).phase).toBe('ready');
  });

  it('shortens updater errors to one line', () => {
    const long = `Error: net::ERR_INTERNET_DISCONNECTED\n    at stack (x.js:1)\n${'y'.repeat(500)}`;
    const s = step([{ type: 'error', message: long }]);
    expect(s.message).toBe(
      'Could not update: Error: net::ERR_INTERNET_DISCONNECTED. The app tries again in a day.',
    );
    expect(step([{ type: 'error', message: 'x'.repeat(500) }]).message.length).toBeLessThan(260);
  });

  it('says when checks are off', () => {
    expect(initialUpdateState('0.1.0', nsis, false).message).toBe('Update checks are off (Settings → App).');
    expect(step([{ type: 'setting-on' }], false).phase).toBe('idle');
  });

  it('notifies once per downloaded version', () => {
    const ready = step([{ type: 'downloaded', version: '0.2.0' }]);
    expect(updateReadyNotice(ready, null)?.body).toContain('0.2.0');
    expect(updateReadyNotice(ready, '0.2.0')).toBeNull();
    expect(updateReadyNotice(step([{ type: 'checking' }]), null)).toBeNull();
  });
});

describe('the update controller', () => {
  it('reports a failed check once, though autoUpdater tells it twice (rejection and error event)', async () => {
    const states: string[] = [];
    const controller = createUpdateController({
      clock: new VirtualClock(),
      currentVersion: '0.1.0',
      support: updateSupport('nsis'),
      settingOn: true,
      logger: silentLogger,
      onState: (s) => states.push(s.phase),
      feed: {
        check: async () => {
          controller.dispatch({ type: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' });
          throw new Error('net::ERR_NAME_NOT_RESOLVED');
        },
        download: async () => {},
      },
    });
    controller.start();
    await expect.poll(() => states).toEqual(['checking', 'error']);
    controller.stop();
  });
});
