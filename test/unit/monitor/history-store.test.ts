// The history writes only when something worth keeping changed, hands over only what changed,
// and tells a change from a copy without serialising every download on every round.
import { describe, expect, it } from 'vitest';
import {
  DownloadHistory,
  jsonEqual,
  type HistoryChanges,
  type HistoryStorage,
  type PersistedHistory,
} from '../../../main/core/monitor/history-store.js';
import type { TrackedDownload } from '../../../main/core/monitor/types.js';
import { normalizeDownload } from '../../../main/core/datafiniti/normalize.js';
import { modernV4 } from '../datafiniti/payload-samples.js';

interface Round {
  upserts: string[];
  removals: string[];
  baselined: string[] | null;
  whole: PersistedHistory;
}

/** Records each round it is handed; `failing` makes writes throw, as a full disk would. */
function recordingStore(): HistoryStorage & { rounds: Round[]; failing: boolean } {
  const store = {
    rounds: [] as Round[],
    failing: false,
    path: null,
    read: () => undefined,
    write(changes: HistoryChanges) {
      if (store.failing) throw new Error('ENOSPC: no space left on device');
      store.rounds.push({
        upserts: changes.upserts.map((t) => t.download.key),
        removals: changes.removals,
        baselined: changes.baselined,
        whole: JSON.parse(JSON.stringify(changes.whole())) as PersistedHistory,
      });
    },
  };
  return store;
}

function tracked(id: number, numDownloaded = 2000): TrackedDownload {
  const download = normalizeDownload(
    { ...modernV4, id: String(id), _id: id, num_downloaded: numDownloaded },
    { accountId: 'a', version: 'v4' },
  )!;
  return {
    download,
    firstSeenAt: 1,
    observedAt: 2,
    pace: null,
    markers: [],
    expiryMarkedFor: null,
    linkRefreshTriedFor: null,
  };
}

describe('the download history', () => {
  it('does not write a round that only looked again, and hands over only what changed', () => {
    const store = recordingStore();
    const history = new DownloadHistory(store);
    for (let i = 0; i < 100; i++) history.put(tracked(i));
    history.markBaselined('a');
    history.save();
    expect(store.rounds).toHaveLength(1);
    expect(store.rounds[0]!.upserts).toHaveLength(100);
    expect(store.rounds[0]!.baselined).toEqual(['a']);

    // The same downloads, fresh objects (as every poll produces), later observation times.
    for (let i = 0; i < 100; i++) history.put({ ...tracked(i), observedAt: 99 });
    history.save();
    expect(store.rounds).toHaveLength(1);

    history.put(tracked(42, 1500));
    history.save();
    expect(store.rounds).toHaveLength(2);
    expect(store.rounds[1]).toMatchObject({ upserts: ['a:v4:42'], removals: [], baselined: null });
    expect(store.rounds[1]!.whole.downloads['a:v4:42']?.download.numDownloaded).toBe(1500);
    expect(Object.keys(store.rounds[1]!.whole.downloads)).toHaveLength(100);

    history.put({ ...tracked(42, 1500), markers: ['stalled'] });
    history.remove('a:v4:7');
    history.save();
    expect(store.rounds[2]).toMatchObject({ upserts: ['a:v4:42'], removals: ['a:v4:7'], baselined: null });

    history.forgetAccount('a');
    history.save();
    expect(store.rounds[3]!.upserts).toEqual([]);
    expect(store.rounds[3]!.removals).toHaveLength(99);
    expect(store.rounds[3]!.baselined).toEqual([]);
  });

  it('keeps the changes of a round the store could not write for the next save', () => {
    const store = recordingStore();
    const history = new DownloadHistory(store);
    history.put(tracked(1));
    history.save();
    store.failing = true;
    history.put(tracked(1, 1500));
    history.put(tracked(2));
    history.markBaselined('a');
    history.save();
    store.failing = false;
    history.put(tracked(3));
    history.save();
    expect(store.rounds).toHaveLength(2);
    expect(store.rounds[1]!.upserts.sort()).toEqual(['a:v4:1', 'a:v4:2', 'a:v4:3']);
    expect(store.rounds[1]!.baselined).toEqual(['a']);
  });

  it('judges equality as JSON would', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(jsonEqual({ a: null }, { a: {} })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
  });
});
