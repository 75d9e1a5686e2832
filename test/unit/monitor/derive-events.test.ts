import { describe, expect, it } from 'vitest';
import {
  nextExpiryCheckAt,
  observe,
  timeEvents,
  type TrackedDownload,
} from '../../../main/core/monitor/index.js';
import { completed, download, T0 } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function kinds(events: { kind: string }[]): string[] {
  return events.map((e) => e.kind);
}

/** One running download looked at (at the time `now` gives) with a count; the stalls reported. */
function stallWatch(now: () => number): { seen: string[]; look: (count: number) => void } {
  let tracked: TrackedDownload | undefined;
  const seen: string[] = [];
  const look = (count: number): void => {
    const result = observe(tracked, download({ numDownloaded: count }), now());
    tracked = result.tracked;
    seen.push(...kinds(result.events).filter((k) => k === 'stalled'));
  };
  return { seen, look };
}

describe('deriveEvents', () => {
  it('reports a new download as discovered, then progress, then one completion', () => {
    const first = observe(undefined, download({ numDownloaded: 0 }), T0);
    expect(kinds(first.events)).toEqual(['discovered']);
    const second = observe(first.tracked, download({ numDownloaded: 500 }), T0 + MINUTE);
    expect(kinds(second.events)).toEqual(['progress']);
    const same = observe(second.tracked, download({ numDownloaded: 500 }), T0 + 2 * MINUTE);
    expect(same.events).toEqual([]);
    const done = observe(same.tracked, completed(T0 + 7 * 24 * HOUR), T0 + 3 * MINUTE);
    expect(kinds(done.events)).toEqual(['progress', 'completed']);
    const again = observe(done.tracked, completed(T0 + 7 * 24 * HOUR), T0 + 4 * MINUTE);
    expect(again.events).toEqual([]);
  });

  it.each(['failed', 'cancelled'] as const)('reports %s once', (status) => {
    const running = observe(undefined, download(), T0).tracked;
    const end = observe(running, download({ status, rawStatus: status }), T0 + MINUTE);
    expect(kinds(end.events)).toContain(status);
    expect(observe(end.tracked, download({ status, rawStatus: status }), T0 + 2 * MINUTE).events).toEqual([]);
  });

  it('reports a download first seen already finished as discovered and finished', () => {
    const { events } = observe(undefined, completed(T0 + 7 * 24 * HOUR), T0);
    expect(kinds(events)).toEqual(['discovered', 'completed']);
  });

  it('says nothing about what an account already had when first imported', () => {
    const { events, tracked } = observe(undefined, completed(T0 + 20 * HOUR), T0, { baseline: true });
    expect(events).toEqual([]);
    expect(observe(tracked, completed(T0 + 20 * HOUR), T0 + MINUTE).events).toEqual([]);
  });

  it('keeps files fetched from /results when a v3 list answers without them', () => {
    const withFiles = observe(undefined, completed(T0 + 7 * 24 * HOUR), T0).tracked;
    const next = observe(withFiles, completed(T0, { files: [] }), T0 + MINUTE);
    expect(next.tracked.download.files).toHaveLength(1);
  });

  it('warns once when progress stops for much longer than its own pace, and again after it resumes', () => {
    let t = T0;
    const { seen, look } = stallWatch(() => t);
    for (let i = 0; i <= 10; i++, t += MINUTE) look(i * 100);
    // Growth every minute: a 9-minute pause is within max(10 min, 5 x 1 min).
    for (let i = 0; i < 9; i++, t += MINUTE) look(1000);
    expect(seen).toEqual([]);
    for (let i = 0; i < 10; i++, t += MINUTE) look(1000);
    expect(seen).toEqual(['stalled']);
    look(1100);
    t += MINUTE;
    for (let i = 0; i < 20; i++, t += MINUTE) look(1100);
    expect(seen).toEqual(['stalled', 'stalled']);
  });

  it('still warns of a stall when the clock was set back a day while the download ran', () => {
    let t = T0;
    const { seen, look } = stallWatch(() => t);
    for (let i = 0; i <= 10; i++, t += MINUTE) look(i * 100);
    // Set back a day as the count stops growing: 20 minutes without growth on the new clock
    // is a stall, not a day's wait for one.
    t -= 24 * HOUR;
    for (let i = 0; i < 20; i++, t += MINUTE) look(1000);
    expect(seen).toEqual(['stalled']);
  });

  it('scales the stall threshold with a slow pace', () => {
    let tracked: TrackedDownload | undefined;
    const stalls: string[] = [];
    let t = T0;
    for (let i = 0; i < 5; i++, t += 10 * MINUTE) {
      const r = observe(tracked, download({ numDownloaded: i * 10 }), t);
      tracked = r.tracked;
    }
    // Grows every 10 minutes: 40 minutes without growth is not yet a stall (5 x 10 = 50).
    const lastIncreaseAt = t - 10 * MINUTE;
    const stalledAt: number[] = [];
    const look = (): void => {
      const r = observe(tracked, download({ numDownloaded: 40 }), t);
      tracked = r.tracked;
      const found = kinds(r.events).filter((k) => k === 'stalled');
      stalls.push(...found);
      if (found.length > 0) stalledAt.push(t);
    };
    for (; t <= lastIncreaseAt + 50 * MINUTE; t += MINUTE) look();
    expect(stalls).toEqual([]);
    // Just past 50 minutes it is one: reported once, at the first look after the threshold.
    for (let i = 0; i < 30; i++, t += MINUTE) look();
    expect(stalls).toEqual(['stalled']);
    expect(stalledAt).toEqual([lastIncreaseAt + 51 * MINUTE]);
  });

  it('reminds at 48 h, 24 h and 2 h before expiry and once at expiry, each once', () => {
    const expiry = T0 + 7 * 24 * HOUR;
    let tracked = observe(undefined, completed(expiry), T0).tracked;
    const reported: string[] = [];
    for (let t = T0; t <= expiry + 2 * HOUR; t += 30 * MINUTE) {
      const r = timeEvents(tracked, t);
      tracked = r.tracked;
      reported.push(...r.events.map((e) => (e.kind === 'links-expiring' ? `${e.hoursLeft}h` : e.kind)));
    }
    expect(reported).toEqual(['48h', '24h', '2h', 'links-expired']);
  });

  it('reports only the most urgent reminder after a long absence', () => {
    const expiry = T0 + 7 * 24 * HOUR;
    const tracked = observe(undefined, completed(expiry), T0).tracked;
    const r = timeEvents(tracked, expiry - HOUR);
    expect(r.events.map((e) => e.hoursLeft)).toEqual([2]);
    expect(timeEvents(r.tracked, expiry - 30 * MINUTE).events).toEqual([]);
  });

  it('starts the reminders over when the download hands out fresh links', () => {
    const expiry = T0 + HOUR;
    let tracked = observe(undefined, completed(expiry), T0).tracked;
    tracked = timeEvents(tracked, expiry + MINUTE).tracked;
    const fresh = expiry + 7 * 24 * HOUR;
    tracked = observe(tracked, completed(fresh), expiry + 2 * MINUTE).tracked;
    expect(timeEvents(tracked, fresh - HOUR).events.map((e) => e.hoursLeft)).toEqual([2]);
  });

  describe("auto-save's moment (save-due)", () => {
    const expiry = T0 + 7 * 24 * HOUR;
    /** When each event came, as "kind@hours left". */
    function walk(saveBeforeHours: number | null, from = T0): string[] {
      let tracked = observe(undefined, completed(expiry), from).tracked;
      const seen: string[] = [];
      for (let t = from; t <= expiry + HOUR; t += 15 * MINUTE) {
        const r = timeEvents(tracked, t, { saveBeforeHours });
        tracked = r.tracked;
        for (const e of r.events) if (e.kind === 'save-due') seen.push(`save-due@${(expiry - t) / HOUR}h`);
      }
      return seen;
    }

    it("comes once, when the links have the setting's hours left, not at the reminders' thresholds", () => {
      expect(walk(36)).toEqual(['save-due@36h']);
      expect(walk(1)).toEqual(['save-due@1h']);
      expect(walk(100)).toEqual(['save-due@100h']);
    });

    it('never comes while auto-save is off, nor for links already expired', () => {
      expect(walk(null)).toEqual([]);
      const expired = observe(undefined, completed(T0 - HOUR), T0 - 2 * HOUR).tracked;
      expect(timeEvents(expired, T0, { saveBeforeHours: 24 }).events.map((e) => e.kind)).toEqual([
        'links-expired',
      ]);
    });

    it('comes at once when auto-save is turned on inside the window, and is due again for fresh links', () => {
      let tracked = observe(undefined, completed(expiry), T0).tracked;
      tracked = timeEvents(tracked, expiry - 10 * HOUR).tracked;
      const r = timeEvents(tracked, expiry - 9 * HOUR, { saveBeforeHours: 24 });
      expect(r.events.map((e) => e.kind)).toEqual(['save-due']);
      const dueOf = (events: { kind: string }[]) => events.filter((e) => e.kind === 'save-due');
      const fresh = expiry + 7 * 24 * HOUR;
      tracked = observe(r.tracked, completed(fresh), expiry - 8 * HOUR, { saveBeforeHours: 24 }).tracked;
      expect(dueOf(timeEvents(tracked, fresh - 23 * HOUR, { saveBeforeHours: 24 }).events)).toHaveLength(1);
    });

    it("is marked, not reported, on an account's first import", () => {
      const first = observe(undefined, completed(expiry), expiry - HOUR, {
        baseline: true,
        saveBeforeHours: 24,
      });
      expect(first.events).toEqual([]);
      expect(timeEvents(first.tracked, expiry - 30 * MINUTE, { saveBeforeHours: 24 }).events).toEqual([]);
    });

    it('is a moment the expiry timer wakes for', () => {
      const tracked = observe(undefined, completed(expiry), T0).tracked;
      expect(nextExpiryCheckAt(tracked, T0, 100)).toBe(expiry - 100 * HOUR);
      expect(nextExpiryCheckAt(tracked, T0, null)).toBe(expiry - 48 * HOUR);
    });
  });
});
