import { describe, expect, it } from 'vitest';
import { planNotifications, type DownloadEvent } from '../../../main/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { downloadName } from '../../../main/core/monitor/download-name.js';
import { planSaveNotification } from '../../../main/core/backend/save-notifications.js';
import type { SaveJob } from '../../../preload/contract/index.js';
import { completed, download, T0 } from './support.js';

function event(kind: DownloadEvent['kind'], id: string, extra: Partial<DownloadEvent> = {}): DownloadEvent {
  const d =
    kind === 'completed'
      ? completed(T0 + 1e9, { id, key: `acc:v4:${id}` })
      : download({
          id,
          key: `acc:v4:${id}`,
          status: kind === 'failed' ? 'failed' : 'running',
          error: 'Out of credits',
        });
  return { kind, downloadKey: d.key, download: d, at: new Date(T0).toISOString(), ...extra };
}

const settings = DEFAULT_SETTINGS;

describe('planNotifications', () => {
  it('notifies one completion with a Save action, opening that download', () => {
    const [n, ...rest] = planNotifications([event('completed', '1')], settings, { startup: false });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: 'completed', downloadKey: 'acc:v4:1', canSave: true });
    expect(n!.body).toContain('brand:Acme');
  });

  it('groups several completions of one round into one notification', () => {
    const out = planNotifications(
      [event('completed', '1'), event('completed', '2'), event('completed', '3'), event('failed', '4')],
      settings,
      { startup: false },
    );
    expect(out.map((n) => n.title)).toEqual(['Download failed', '3 downloads completed']);
    expect(out[1]).toMatchObject({ downloadKey: null, canSave: false });
    expect(out[0]!.body).toContain('Out of credits');
  });

  it('never notifies discovery or progress', () => {
    expect(
      planNotifications([event('discovered', '1'), event('progress', '1')], settings, { startup: false }),
    ).toEqual([]);
  });

  it('follows the per-kind switches and the pause', () => {
    const off = { ...settings, notify: { ...settings.notify, completed: false } };
    expect(planNotifications([event('completed', '1')], off, { startup: false })).toEqual([]);
    expect(planNotifications([event('failed', '1')], off, { startup: false })).toHaveLength(1);
    const paused = { ...settings, notificationsPaused: true };
    expect(planNotifications([event('failed', '1')], paused, { startup: true })).toEqual([]);
  });

  it('summarises what happened while the app was closed in one notification', () => {
    const out = planNotifications(
      [
        event('completed', '1'),
        event('completed', '2'),
        event('failed', '3'),
        event('links-expiring', '4', { hoursLeft: 24 }),
        event('progress', '5'),
      ],
      settings,
      { startup: true },
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'summary', downloadKey: null });
    expect(out[0]!.body).toBe('Downloads: 1 failed, 2 completed, 1 with links expiring soon.');
  });

  it('keeps a single change at start-up as its own notification', () => {
    const out = planNotifications([event('completed', '1')], settings, { startup: true });
    expect(out).toEqual([expect.objectContaining({ kind: 'completed', canSave: true })]);
  });

  it('names the threshold of a links reminder', () => {
    const [n] = planNotifications([event('links-expiring', '1', { hoursLeft: 2 })], settings, {
      startup: false,
    });
    expect(n).toMatchObject({ title: 'Links expire in 2 hours', id: 'links-expiring:acc:v4:1:2' });
  });
});

describe('how notifications name a download', () => {
  it('is the same for the monitor and the saver: data type and query, truncated alike', () => {
    const long = completed(T0 + 1e9, { id: '7', key: 'acc:v4:7', query: `brand:${'x'.repeat(200)}` });
    const [done] = planNotifications(
      [{ kind: 'completed', downloadKey: long.key, download: long, at: new Date(T0).toISOString() }],
      settings,
      { startup: false },
    );
    const job = { jobId: 'j', folder: '/tmp/saved' } as SaveJob;
    const saved = planSaveNotification({ kind: 'finished', job, download: long }, settings);
    const name = downloadName(long);
    expect(name).toMatch(/^products "brand:x+…"$/);
    expect(done!.body).toContain(name);
    expect(saved!.body).toContain(name);
  });
});
