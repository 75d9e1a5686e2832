// The downloads list in pages: the window's first message carries the newest page (by start,
// the table's default order) and it asks for the older pages in the background, so its first
// paint does not wait for a whole history. The order and the cut are defined once, here, for
// the core, the harness's fake backend and the renderer.
import type { DownloadsPatch } from './bridge.js';
import type { Download, DownloadKey } from './model.js';

/** Downloads in the window's first message: more than a window shows, a fraction of a history. */
export const FIRST_PAGE_SIZE = 200;
/** Downloads per background page: ~2 MB of JSON, one short parse in the window. */
export const PAGE_SIZE = 2000;

/**
 * Most downloads one patch carries. A larger change (an account's first poll, the removal of an
 * account with a long history) would be one message of tens of MB, parsed and sorted in one go by
 * the window; instead the window is told to read the list again, in pages, as on its first load.
 */
export const MAX_PATCH_CHANGES = PAGE_SIZE;

/** The patch for a change at `version`: the downloads themselves, or a `reload` when too many. */
export function downloadsPatch(
  version: number,
  upserts: Download[],
  removals: DownloadKey[],
): DownloadsPatch {
  if (upserts.length + removals.length > MAX_PATCH_CHANGES) {
    return { version, upserts: [], removals: [], reload: true };
  }
  return { version, upserts, removals };
}

/** Where the next page starts: just after this download in newest-first order. */
export interface DownloadsCursor {
  startedAt: string | null;
  key: DownloadKey;
}

function startTime(iso: string | null): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** Newest start first; no start last; ties by key, so every download has one place. */
export function newestFirst(
  a: Pick<Download, 'startedAt' | 'key'>,
  b: Pick<Download, 'startedAt' | 'key'>,
): number {
  return startTime(b.startedAt) - startTime(a.startedAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** `list` sorted by `newestFirst`, each start parsed once (not once per comparison). */
export function sortNewestFirst(list: readonly Download[]): Download[] {
  const keyed = list.map((d) => ({ d, t: startTime(d.startedAt) }));
  keyed.sort((a, b) => b.t - a.t || (a.d.key < b.d.key ? -1 : a.d.key > b.d.key ? 1 : 0));
  return keyed.map((k) => k.d);
}

export function cursorOf(d: Pick<Download, 'startedAt' | 'key'>): DownloadsCursor {
  return { startedAt: d.startedAt, key: d.key };
}

export interface PageCut {
  downloads: Download[];
  next: DownloadsCursor | null;
}

/**
 * The page after `after` (or the first one) of a list already sorted by `newestFirst`. A cursor
 * names a position, not a download: it still works when that download is gone since.
 */
export function cutPage(sorted: readonly Download[], after: DownloadsCursor | null, size: number): PageCut {
  let start = 0;
  if (after) {
    // First index sorting strictly after the cursor (binary search).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newestFirst(sorted[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const downloads = sorted.slice(start, start + size);
  const last = downloads.at(-1);
  return { downloads, next: start + size < sorted.length && last ? cursorOf(last) : null };
}
