// Issue 16: a download that completes with its links already expired is one notification that
// says so; "While you were away" can be switched off, and becomes an in-window report.
import { describe, expect, it } from 'vitest';
import { awayReport, observe, planNotifications } from '../../../main/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import type { DownloadEvent } from '../../../main/core/monitor/index.js';
import { completed, download, T0 } from './support.js';

const HOUR = 3_600_000;

/** The events the monitor derives when a running download is next seen completed, links gone. */
function completedWithExpiredLinks(id: string): DownloadEvent[] {
  const running = observe(undefined, download({ id, key: `acc:v4:${id}` }), T0, { baseline: true });
  const done = completed(T0 + HOUR, { id, key: `acc:v4:${id}` });
  return observe(running.tracked, done, T0 + 2 * HOUR).events;
}

describe('a download completed with expired links', () => {
  it('is reported by the monitor as both a completion and an expiry', () => {
    expect(completedWithExpiredLinks('1').map((e) => e.kind)).toEqual(
      expect.arrayContaining(['completed', 'links-expired']),
    );
  });

  it('makes one notification that says the links expired, with no Save', () => {
    const out = planNotifications(completedWithExpiredLinks('1'), DEFAULT_SETTINGS, { startup: false });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      kind: 'completed',
      canSave: false,
      title: 'Download completed, links expired',
    });
    expect(out[0]!.body).not.toContain('ready to save');
    expect(out[0]!.body).toContain('expired');
  });

  it('still says so when completion notifications are off', () => {
    const off = { ...DEFAULT_SETTINGS, notify: { ...DEFAULT_SETTINGS.notify, completed: false } };
    const out = planNotifications(completedWithExpiredLinks('1'), off, { startup: false });
    expect(out.map((n) => n.kind)).toEqual(['links-expired']);
  });
});

describe('while you were away', () => {
  const events = [...completedWithExpiredLinks('1'), ...completedWithExpiredLinks('2')];
  const failed = observe(
    observe(undefined, download({ id: '3', key: 'acc:v4:3' }), T0, { baseline: true }).tracked,
    download({ id: '3', key: 'acc:v4:3', status: 'failed', error: 'Out of credits' }),
    T0 + HOUR,
  ).events;

  it('is one summary notification, unless switched off', () => {
    expect(planNotifications([...events, ...failed], DEFAULT_SETTINGS, { startup: true })).toEqual([
      expect.objectContaining({ kind: 'summary', title: 'While you were away' }),
    ]);
    const off = { ...DEFAULT_SETTINGS, notify: { ...DEFAULT_SETTINGS.notify, away: false } };
    expect(planNotifications([...events, ...failed], off, { startup: true })).toEqual([]);
  });

  it('lists each download once with its most pressing change, failures first', () => {
    const report = awayReport([...events, ...failed], DEFAULT_SETTINGS, T0 + 3 * HOUR);
    expect(report?.items).toEqual([
      { downloadKey: 'acc:v4:3', kind: 'failed' },
      { downloadKey: 'acc:v4:1', kind: 'links-expired' },
      { downloadKey: 'acc:v4:2', kind: 'links-expired' },
    ]);
    expect(report?.at).toBe(new Date(T0 + 3 * HOUR).toISOString());
  });

  it('has nothing to report for progress only, or when switched off', () => {
    const progress = observe(
      observe(undefined, download({ id: '4', key: 'acc:v4:4' }), T0, { baseline: true }).tracked,
      download({ id: '4', key: 'acc:v4:4', numDownloaded: 50, progress: 0.005 }),
      T0 + HOUR,
    ).events;
    expect(progress.length).toBeGreaterThan(0);
    expect(awayReport(progress, DEFAULT_SETTINGS, T0)).toBeNull();
    const off = { ...DEFAULT_SETTINGS, notify: { ...DEFAULT_SETTINGS.notify, away: false } };
    expect(awayReport(failed, off, T0)).toBeNull();
  });
});
