import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import {
  buildDiagnostics,
  createSecretRegistry,
  type DiagnosticsInput,
} from '../../../main/core/support/index.js';

const input: DiagnosticsInput = {
  generatedAt: new Date('2026-01-05T09:00:00Z'),
  appVersion: '0.1.0',
  versions: { electron: '45.4.1', chrome: '142.0.7444.0', node: '22.20.0' },
  os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
  installKind: 'appimage',
  update: 'Up to date (version 0.1.0).',
  settings: { ...DEFAULT_SETTINGS, saveFolder: '/home/u/Data' },
  accounts: [
    { version: 'v4', state: 'ok' },
    { version: 'v4', state: 'needs-sign-in' },
    { version: 'v4', state: 'ok' },
    { version: 'v3', state: 'ok' },
  ],
  statuses: [{ state: 'ok' }, { state: 'rate-limited' }],
  online: false,
  keychain: { available: false, message: 'Install gnome-keyring.' },
  crashDumps: { folder: '/home/u/.config/x/Crashpad', count: 2 },
  logsFolder: '/home/u/.config/x/logs',
  logLines: ['2026-01-05T08:59:00.000Z WARN poll failed {"accountId":"a1"}'],
};

describe('buildDiagnostics', () => {
  it('holds the versions, account counts per API version, settings, crash dumps and the log tail', () => {
    const text = buildDiagnostics(input, (t) => t);
    for (const expected of [
      'App: 0.1.0 (appimage)',
      'Electron: 45.4.1',
      'Chromium: 142.0.7444.0',
      'Node: 22.20.0',
      'OS: linux 6.1.0 x64',
      'Updates: Up to date (version 0.1.0).',
      'Online: no',
      'Keychain: not available (Install gnome-keyring.)',
      'Accounts: 4',
      '  v4: 3 (needs-sign-in 1, ok 2)',
      '  v3: 1 (ok 1)',
      'Polling states: ok 1, rate-limited 1',
      '"saveFolder": "/home/u/Data"',
      '"checkForUpdates": true',
      '2 in /home/u/.config/x/Crashpad',
      '## Log (last 1 lines of /home/u/.config/x/logs)',
      'WARN poll failed {"accountId":"a1"}',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says so when not running in Electron', () => {
    const text = buildDiagnostics({ ...input, versions: { node: '22' }, accounts: [] }, (t) => t);
    expect(text).toContain('Electron: not running in Electron');
    expect(text).toContain('  v4: 0');
  });

  it('passes the whole text through the redaction', () => {
    const secrets = createSecretRegistry();
    secrets.remember('the-remembered-token');
    const text = buildDiagnostics(
      { ...input, logLines: ['INFO oops the-remembered-token', 'WARN Authorization: Bearer abcdefgh'] },
      secrets.redact,
    );
    expect(text).not.toContain('the-remembered-token');
    expect(text).not.toContain('abcdefgh');
  });
});
