// The history writes only when something worth keeping changed, and tells a change from a copy
// without serialising every download on every round.
import { describe, expect, it } from 'vitest';
import { DownloadHistory, HISTORY_KEY, jsonEqual } from '../../../main/core/monitor/history-store.js';
import type { TrackedDownload } from '../../../main/core/monitor/types.js';
import { normalizeDownload } from '../../../main/core/datafiniti/normalize.js';
import type { KeyValueStore } from '../../../main/core/ports.js';
import { modernV4 } from '../datafiniti/payload-samples.js';

function countingStore(): KeyValueStore & { writes: number } {
  const data = new Map<string, unknown>();
  const store = {
    writes: 0,
    path: null,
    get: <T>(key: string) => data.get(key) as T | undefined,
    set(key: string, value: unknown) {
      store.writes += 1;
      data.set(key, JSON.parse(JSON.stringify(value)));
    },
    delete: (key: string) => void data.delete(key),
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
  it('does not write a round that only looked again, and writes one that changed something', () => {
    const store = countingStore();
    const history = new DownloadHistory(store);
    for (let i = 0; i < 100; i++) history.put(tracked(i));
    history.save();
    expect(store.writes).toBe(1);

    // The same downloads, fresh objects (as every poll produces), later observation times.
    for (let i = 0; i < 100; i++) history.put({ ...tracked(i), observedAt: 99 });
    history.save();
    expect(store.writes).toBe(1);

    history.put(tracked(42, 1500));
    history.save();
    expect(store.writes).toBe(2);
    const saved = store.get<{ downloads: Record<string, TrackedDownload> }>(HISTORY_KEY)!;
    expect(saved.downloads['a:v4:42']?.download.numDownloaded).toBe(1500);

    history.put({ ...tracked(42, 1500), markers: ['stalled'] });
    history.save();
    expect(store.writes).toBe(3);
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
