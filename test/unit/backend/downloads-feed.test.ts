// What the window is sent: every download it shows, without the signed part of result links,
// the newest page first and the older ones when it asks.
import { describe, expect, it } from 'vitest';
import { DownloadsFeed, forWindow } from '../../../main/core/backend/downloads-feed.js';
import { normalizeDownload } from '../../../main/core/datafiniti/normalize.js';
import {
  cursorOf,
  FIRST_PAGE_SIZE,
  MAX_PATCH_CHANGES,
  methodArgs,
  newestFirst,
  PAGE_SIZE,
  type Download,
  type DownloadsPatch,
  type DownloadsSnapshot,
} from '../../../preload/contract/index.js';
import {
  applyPatch,
  EMPTY_STATE,
  mergePage,
  type DownloadsState,
} from '../../../renderer/src/lib/patches.js';
import { modernV4 } from '../datafiniti/payload-samples.js';

const ctx = { accountId: 'acc1', version: 'v4' } as const;

/** A realistic long signature, as S3 hands out (the sample's is shortened). */
function signed(url: string): string {
  return url.replace('X-Amz-Signature=abc', `X-Amz-Signature=${'f0'.repeat(32)}&x-id=GetObject`);
}

/** n downloads started a minute apart, in no particular order, some at the same minute. */
function history(n: number, accountId: string = ctx.accountId): Download[] {
  return Array.from({ length: n }, (_, i) => {
    const d = normalizeDownload(
      { ...modernV4, id: String(900_000 + i), _id: 900_000 + i },
      { ...ctx, accountId },
    )!;
    const minute = (i * 7919) % Math.max(1, n - 3);
    return {
      ...d,
      startedAt: i % 97 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString(),
      files: [...d.files, ...d.files].map((f) => ({ ...f, url: signed(f.url) })),
    };
  });
}

/** Every page after the snapshot, as the window asks for them. */
function allPages(feed: DownloadsFeed): DownloadsSnapshot[] {
  const pages = [feed.snapshot()];
  for (let next = pages[0]!.next; next; next = pages.at(-1)!.next) pages.push(feed.page(next));
  return pages;
}

describe('the downloads feed', () => {
  it('sends each file without its signed query, and nothing else changed', () => {
    const [d] = history(1);
    const w = forWindow(d!);
    expect(w.files.map((f) => f.name)).toEqual(d!.files.map((f) => f.name));
    expect(w.files.map((f) => f.expiresAt)).toEqual(d!.files.map((f) => f.expiresAt));
    for (const f of w.files) expect(f.url).toMatch(/^https:\/\/[^?#]+\.csv$/);
    expect({ ...w, files: [] }).toEqual({ ...d!, files: [] });
  });

  it('the first message of a 50,000-download history is its newest page, without signatures', () => {
    const all = history(50_000);
    const patches: DownloadsPatch[] = [];
    const feed = new DownloadsFeed(
      () => all,
      (p) => patches.push(p),
    );
    const first = feed.snapshot();
    const text = JSON.stringify(first);
    expect(text).not.toContain('X-Amz-Signature');
    expect(text).not.toContain('X-Amz-Credential');
    expect(first.total).toBe(50_000);
    expect(first.downloads).toHaveLength(FIRST_PAGE_SIZE);
    const newest = [...all].sort(newestFirst).slice(0, FIRST_PAGE_SIZE);
    expect(first.downloads.map((d) => d.key)).toEqual(newest.map((d) => d.key));
    const whole = JSON.stringify({ version: 0, downloads: all }).length;
    // Sizes, not time: deterministic for the same input. The window's first message is a
    // page: under 1% of the whole history (it was all of it, 60% after the signatures went).
    expect(text.length).toBeLessThan(whole * 0.01);
    expect(allPages(feed).reduce((n, p) => n + JSON.stringify(p).length, 0)).toBeLessThan(whole * 0.6);
    feed.changed([all[0]!], []);
    expect(JSON.stringify(patches[0])).not.toContain('X-Amz-Signature');
    expect(patches[0]?.version).toBe(1);
  });

  it('the pages hold every download once, newest first, and say how many there are', () => {
    const all = history(2 * PAGE_SIZE + 333);
    const feed = new DownloadsFeed(
      () => all,
      () => {},
    );
    const pages = allPages(feed);
    expect(pages.map((p) => p.downloads.length)).toEqual([FIRST_PAGE_SIZE, PAGE_SIZE, PAGE_SIZE, 133]);
    expect(pages.at(-1)!.next).toBeNull();
    const keys = pages.flatMap((p) => p.downloads.map((d) => d.key));
    expect(keys).toEqual([...all].sort(newestFirst).map((d) => d.key));
    for (const p of pages) expect(p.total).toBe(all.length);
  });

  it('a page after changes is cut at the new version, and a removed cursor download still places it', () => {
    let all = history(FIRST_PAGE_SIZE + 50);
    const patches: DownloadsPatch[] = [];
    const feed = new DownloadsFeed(
      () => all,
      (p) => patches.push(p),
    );
    // The window: the snapshot, then the patches as they come, then the older page.
    const first = feed.snapshot();
    let state = mergePage(EMPTY_STATE, first, null).state;
    const lastShown = first.downloads.at(-1)!;
    const older = [...all].sort(newestFirst)[FIRST_PAGE_SIZE + 3]!;
    all = all.filter((d) => d.key !== lastShown.key && d.key !== older.key);
    feed.changed([], [lastShown.key, older.key]);
    const renamed = {
      ...all.find((d) => d.key === [...all].sort(newestFirst)[FIRST_PAGE_SIZE + 10]!.key)!,
      query: 'new words',
    };
    all = all.map((d) => (d.key === renamed.key ? renamed : d));
    feed.changed([renamed], []);
    for (const p of patches) {
      const r = applyPatch(state, p);
      expect(r.kind).toBe('applied');
      if (r.kind === 'applied') state = r.state;
    }
    const page = feed.page(first.next!);
    expect(page.version).toBe(state.version);
    expect(page.next).toBeNull();
    state = mergePage(state, page, first.next).state;
    // Everything listed now, once; nothing removed comes back; the change is there.
    expect([...state.byKey.keys()].sort()).toEqual(all.map((d) => d.key).sort());
    expect(state.byKey.get(renamed.key)?.query).toBe('new words');
  });

  it('a page is asked for with a cursor the boundary checks, nothing else', () => {
    const ok = methodArgs['downloads.page'].safeParse([{ startedAt: null, key: 'acc:v4:1' }]);
    expect(ok.success).toBe(true);
    for (const bad of [
      [],
      [{ key: 'acc:v4:1' }],
      [{ startedAt: null, key: '' }],
      [{ startedAt: null, key: 'acc:v4:1', x: 1 }],
    ]) {
      expect(methodArgs['downloads.page'].safeParse(bad).success).toBe(false);
    }
  });

  it('a change too large for one message tells the window to read again; small ones carry the downloads', () => {
    let all = history(MAX_PATCH_CHANGES + 1);
    const patches: DownloadsPatch[] = [];
    const feed = new DownloadsFeed(
      () => all,
      (p) => patches.push(p),
    );
    feed.changed(all.slice(0, MAX_PATCH_CHANGES), []);
    expect(patches[0]!.upserts).toHaveLength(MAX_PATCH_CHANGES);
    expect(patches[0]!.reload).toBeUndefined();
    feed.changed(all.slice(1), [all[0]!.key]);
    all = all.slice(1);
    expect(patches[1]).toEqual({ version: 2, upserts: [], removals: [], reload: true });
    expect(feed.snapshot().version).toBe(2);
  });

  it("an account's first poll of 50,000 reaches the window in pages, and the rows it shows stay meanwhile", () => {
    let all = history(5000);
    const patches: DownloadsPatch[] = [];
    const feed = new DownloadsFeed(
      () => all,
      (p) => patches.push(p),
    );
    const sizes: number[] = [];
    /** The window reading the list as the store does: the snapshot, then every older page. */
    const readAll = (
      from: DownloadsState,
      sizesSeen: number[],
    ): { state: DownloadsState; changed: Download[] } => {
      const first = feed.snapshot();
      sizes.push(JSON.stringify(first).length);
      let { state, changed } = mergePage(from, first, null);
      sizesSeen.push(state.byKey.size);
      for (let next = first.next; next;) {
        const page = feed.page(next);
        sizes.push(JSON.stringify(page).length);
        const merged = mergePage(state, page, next);
        state = merged.state;
        changed = [...changed, ...merged.changed];
        sizesSeen.push(state.byKey.size);
        next = page.next;
      }
      return { state, changed };
    };
    let state = readAll(EMPTY_STATE, []).state;
    expect(state.byKey.size).toBe(5000);

    // The poll: a new account's 50,000, ten of the old ones gone, one of them now failed.
    const added = history(50_000, 'acc2');
    const gone = all.slice(100, 110).map((d) => d.key);
    const failed = { ...all[4000]!, status: 'failed' as const };
    all = [...all.filter((d) => !gone.includes(d.key) && d.key !== failed.key), failed, ...added];
    feed.changed([...added, failed], gone);
    expect(patches).toHaveLength(1);
    expect(JSON.stringify(patches[0]).length).toBeLessThan(200);
    const outcome = applyPatch(state, patches[0]!);
    expect(outcome.kind).toBe('reload');

    const counts: number[] = [];
    const read = readAll(state, counts);
    state = read.state;
    // The window never showed fewer than it held before (less the ten gone), and ends with exactly the list.
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(5000 - 10);
    expect(state.version).toBe(1);
    expect(new Set(state.byKey.keys())).toEqual(new Set(all.map((d) => d.key)));
    expect(state.byKey.get(failed.key)?.status).toBe('failed');
    for (const key of gone) expect(state.byKey.has(key)).toBe(false);
    // The status change is still announced; the new account's downloads are not, one by one.
    expect(read.changed.map((d) => d.key)).toEqual([failed.key]);
    // No message to the window is more than a page: ~2 MB, where the patch was 26 MB.
    const page = JSON.stringify({ version: 1, downloads: added.slice(0, PAGE_SIZE).map(forWindow) }).length;
    expect(Math.max(...sizes)).toBeLessThanOrEqual(page * 1.05);
  });

  it('reading again drops what a page no longer lists, including at the end of the list', () => {
    let all = history(FIRST_PAGE_SIZE + 30);
    const feed = new DownloadsFeed(
      () => all,
      () => {},
    );
    const first = feed.snapshot();
    let state = mergePage(EMPTY_STATE, first, null).state;
    state = mergePage(state, feed.page(first.next!), first.next).state;
    const sorted = [...all].sort(newestFirst);
    const oldest = sorted.at(-1)!;
    const newest = sorted[0]!;
    all = all.filter((d) => d.key !== oldest.key && d.key !== newest.key);
    feed.changed([], [oldest.key, newest.key]);
    const again = feed.snapshot();
    state = mergePage(state, again, null).state;
    expect(state.byKey.has(newest.key)).toBe(false);
    expect(state.byKey.has(oldest.key)).toBe(true); // not read again yet: still shown
    const last = feed.page(again.next!);
    expect(last.next).toBeNull();
    state = mergePage(state, last, again.next).state;
    expect(state.byKey.has(oldest.key)).toBe(false);
    expect(state.byKey.size).toBe(all.length);
    expect(cursorOf(last.downloads.at(-1)!)).toEqual(cursorOf(sorted.at(-2)!));
  });
});
