import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { trayIconFile, trayModel, windowIconFile } from '../../../../main/shell/tray/tray-model.js';
import type { SaveJob } from '../../../../preload/contract/index.js';
import { download, shellView } from '../support.js';

const REPO = join(import.meta.dirname, '../../../..');

const NOW = Date.parse('2026-01-05T09:00:00Z');
const hours = (h: number) => new Date(NOW + h * 3600_000).toISOString();

function completedSave(downloadKey: string): SaveJob {
  return {
    jobId: 'j1',
    downloadKey,
    folder: '/s',
    state: 'completed',
    files: [],
    bytesDone: 1,
    bytesTotal: 1,
    speed: 0,
    etaSeconds: null,
    error: null,
    manifest: null,
  };
}

describe('trayModel', () => {
  it('is idle with a calm tooltip when nothing runs', () => {
    const m = trayModel(shellView(), NOW);
    expect(m.icon).toBe('idle');
    expect(m.tooltip).toBe('Datafiniti Downloads: all idle');
    expect(m.menu[0]).toEqual({ kind: 'item', label: 'No downloads running', enabled: false, command: null });
    expect(trayModel(shellView({ status: { ...shellView().status, accounts: [] } }), NOW).tooltip).toBe(
      'Datafiniti Downloads: no accounts',
    );
  });

  it('lists running and queued downloads, newest first, with progress', () => {
    const view = shellView({
      downloads: [
        download({ id: 'a', progress: 0.123, updatedAt: hours(-2) }),
        download({
          id: 'b',
          status: 'queued',
          progress: null,
          dataType: 'people',
          query: 'x',
          updatedAt: hours(-1),
        }),
        download({ id: 'c', status: 'completed', progress: 1 }),
      ],
    });
    const m = trayModel(view, NOW);
    expect(m.icon).toBe('running');
    expect(m.tooltip).toBe('Datafiniti Downloads: 2 running');
    expect(m.menu.slice(0, 2)).toEqual([
      {
        kind: 'item',
        label: 'people queued · x',
        enabled: true,
        command: { type: 'open-download', downloadKey: 'acc1:v4:b' },
      },
      {
        kind: 'item',
        label: 'products 12% · brand:Apple',
        enabled: true,
        command: { type: 'open-download', downloadKey: 'acc1:v4:a' },
      },
    ]);
  });

  it('does not count a download Datafiniti no longer has as running, whatever it last said', () => {
    const gone = download({ id: 'g', status: 'running', goneAt: hours(-1) });
    const m = trayModel(shellView({ downloads: [gone] }), NOW);
    expect(m.icon).toBe('idle');
    expect(m.tooltip).toBe('Datafiniti Downloads: all idle');
    expect(m.menu[0]).toMatchObject({ label: 'No downloads running', command: null });
    const live = download({ id: 'l' });
    expect(trayModel(shellView({ downloads: [gone, live] }), NOW).tooltip).toBe(
      'Datafiniti Downloads: 1 running (25%)',
    );
  });

  it('lists a download whose status it cannot read as running, and says so', () => {
    const odd = download({ id: 'u', status: 'unknown', rawStatus: 'archiving', progress: null });
    const m = trayModel(shellView({ downloads: [odd] }), NOW);
    expect(m.icon).toBe('running');
    expect(m.menu[0]).toMatchObject({ label: 'products status unknown · brand:Apple' });
  });

  it('caps the list and points to the window for the rest', () => {
    const downloads = Array.from({ length: 11 }, (_, i) => download({ id: `d${i}` }));
    const m = trayModel(shellView({ downloads }), NOW);
    const items = m.menu.filter((i) => i.kind === 'item' && i.command?.type === 'open-download');
    expect(items).toHaveLength(8);
    expect(m.menu[8]).toMatchObject({ label: 'and 3 more…', command: { type: 'open' } });
  });

  it('shortens long queries to one line', () => {
    const m = trayModel(
      shellView({ downloads: [download({ query: `brand:Apple\nAND ${'x'.repeat(80)}` })] }),
      NOW,
    );
    const label = (m.menu[0] as { label: string }).label;
    expect(label).not.toContain('\n');
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(60);
  });

  it('shows an & of a query as itself, not as a menu mnemonic, and drops bidi controls', () => {
    const m = trayModel(shellView({ downloads: [download({ query: 'name:"Johnson & Johnson"' })] }), NOW);
    expect(m.menu[0]).toMatchObject({ label: 'products 25% · name:"Johnson && Johnson"' });
    const reversed = trayModel(shellView({ downloads: [download({ query: 'city:Austin\u202eevil' })] }), NOW);
    expect(reversed.menu[0]).toMatchObject({ label: 'products 25% · city:Austinevil' });
  });

  it('needs attention for a recent failure, not a failure from last week', () => {
    const recent = download({ status: 'failed', completedAt: hours(-3) });
    const old = download({ id: 'old', status: 'failed', completedAt: hours(-24 * 7) });
    expect(trayModel(shellView({ downloads: [old] }), NOW).icon).toBe('idle');
    const m = trayModel(shellView({ downloads: [recent, old] }), NOW);
    expect(m.icon).toBe('attention');
    expect(m.tooltip).toBe('Datafiniti Downloads: 1 download failed');
  });

  it('needs attention when unsaved links expire within the warning window, until saved', () => {
    const d = download({
      status: 'completed',
      files: [{ url: 'https://f/1', name: '1.csv', expiresAt: hours(5) }],
    });
    const later = download({
      id: 'l',
      status: 'completed',
      files: [{ url: 'u', name: 'n', expiresAt: hours(100) }],
    });
    const gone = download({
      id: 'g',
      status: 'completed',
      files: [{ url: 'u', name: 'n', expiresAt: hours(-1) }],
    });
    expect(trayModel(shellView({ downloads: [later, gone] }), NOW).icon).toBe('idle');
    const m = trayModel(shellView({ downloads: [d, later] }), NOW);
    expect(m.icon).toBe('attention');
    expect(m.tooltip).toBe('Datafiniti Downloads: 1 link set expiring');
    expect(trayModel(shellView({ downloads: [d], saves: [completedSave(d.key)] }), NOW).icon).toBe('idle');
  });

  it('reports offline, sign-in and saving in the tooltip, within Windows’ 127 characters', () => {
    const base = shellView();
    const view = shellView({
      downloads: Array.from({ length: 3 }, (_, i) =>
        download({ id: `f${i}`, status: 'failed', completedAt: hours(-1) }),
      ),
      status: {
        ...base.status,
        online: false,
        savesRunning: 2,
        accounts: [
          { ...base.status.accounts[0]!, state: 'needs-sign-in' },
          { ...base.status.accounts[0]!, accountId: 'acc2', state: 'needs-sign-in' },
        ],
      },
    });
    const m = trayModel(view, NOW);
    expect(m.icon).toBe('attention');
    expect(m.tooltip).toBe(
      'Datafiniti Downloads: offline, 3 downloads failed, 2 accounts need sign-in, saving 2',
    );
    expect(m.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('enables "Save all completed" only when there is something unsaved, and mirrors pause', () => {
    const done = download({ status: 'completed', files: [{ url: 'u', name: 'n', expiresAt: null }] });
    const find = (m: ReturnType<typeof trayModel>, label: string) =>
      m.menu.find((i) => i.kind !== 'separator' && i.label === label);
    expect(find(trayModel(shellView(), NOW), 'Save all completed')).toMatchObject({ enabled: false });
    expect(find(trayModel(shellView({ downloads: [done] }), NOW), 'Save all completed')).toMatchObject({
      enabled: true,
    });
    expect(
      find(
        trayModel(shellView({ downloads: [done], saves: [completedSave(done.key)] }), NOW),
        'Save all completed',
      ),
    ).toMatchObject({ enabled: false });
    const expired = download({
      status: 'completed',
      files: [{ url: 'u', name: 'n', expiresAt: hours(-1) }],
    });
    expect(find(trayModel(shellView({ downloads: [expired] }), NOW), 'Save all completed')).toMatchObject({
      enabled: false,
    });
    const queued = shellView({
      downloads: [done],
      status: { ...shellView().status, savesQueued: [done.key] },
    });
    expect(find(trayModel(queued, NOW), 'Save all completed')).toMatchObject({ enabled: false });
    const paused = shellView({ settings: { ...shellView().settings, notificationsPaused: true } });
    expect(find(trayModel(paused, NOW), 'Pause notifications')).toEqual({
      kind: 'checkbox',
      label: 'Pause notifications',
      checked: true,
      command: { type: 'toggle-notifications', paused: false },
    });
  });

  it('offers the logs folder, and a restart only once an update is ready', () => {
    const labels = (ready: boolean) =>
      trayModel(shellView(), NOW, { updateReady: ready }).menu.map((i) =>
        i.kind === 'separator' ? '-' : i.label,
      );
    expect(labels(false)).toContain('Open logs folder');
    expect(labels(false)).not.toContain('Update ready: restart to install');
    expect(trayModel(shellView(), NOW).menu).toEqual(
      trayModel(shellView(), NOW, { updateReady: false }).menu,
    );
    expect(labels(true).slice(0, 3)).toEqual([
      'Update ready: restart to install',
      '-',
      'No downloads running',
    ]);
    expect(trayModel(shellView(), NOW, { updateReady: true }).menu[0]).toMatchObject({
      command: { type: 'restart-to-update' },
    });
    expect(
      trayModel(shellView(), NOW).menu.find((i) => i.kind === 'item' && i.label === 'Open logs folder'),
    ).toMatchObject({ enabled: true, command: { type: 'open-logs-folder' } });
  });

  it('ends with Open and Quit', () => {
    const labels = trayModel(shellView(), NOW).menu.map((i) => (i.kind === 'separator' ? '-' : i.label));
    expect(labels.slice(-3)).toEqual(['-', 'Open Datafiniti Downloads', 'Quit']);
  });
});

describe('trayIconFile', () => {
  it('Linux: the PNG for the state, light or dark', () => {
    expect(trayIconFile('idle', false, 'linux')).toBe('build/tray/idle-light.png');
    expect(trayIconFile('running', true, 'linux')).toBe('build/tray/running-dark.png');
    expect(trayIconFile('attention', false, 'linux')).toBe('build/tray/attention-light.png');
  });
  it('macOS: the template image, which the menu bar tints itself', () => {
    expect(trayIconFile('idle', true, 'darwin')).toBe('build/tray/idleTemplate.png');
    expect(trayIconFile('attention', false, 'darwin')).toBe('build/tray/attentionTemplate.png');
  });
  it('Windows: an .ico', () => {
    expect(trayIconFile('running', false, 'win32')).toBe('build/tray/running-light.ico');
  });
  it('every file it names exists in build/', () => {
    for (const platform of ['linux', 'darwin', 'win32'])
      for (const state of ['idle', 'running', 'attention'] as const)
        for (const dark of [false, true])
          expect(existsSync(join(REPO, trayIconFile(state, dark, platform))), `${platform} ${state}`).toBe(
            true,
          );
    expect(existsSync(join(REPO, windowIconFile('linux')!))).toBe(true);
  });
});

describe('windowIconFile', () => {
  it('only Linux sets the window icon at run time', () => {
    expect(windowIconFile('linux')).toBe('build/icon.png');
    expect(windowIconFile('win32')).toBeNull();
    expect(windowIconFile('darwin')).toBeNull();
  });
});
