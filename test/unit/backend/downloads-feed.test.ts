// What the window is sent: every download it shows, without the signed part of result links,
// the newest page first and the older ones when it asks.
import { describe, expect, it } from 'vitest';
import { DownloadsFeed, forWindow } from '../../../main/core/backend/downloads-feed.js';
import { normalizeDownload } from '../../../main/core/datafiniti/normalize.js';
import {
  FIRST_PAGE_SIZE,
  methodArgs,
  newestFirst,
  PAGE_SIZE,
  type Download,
  type DownloadsPatch,
  type DownloadsSnapshot,
} from '../../../preload/contract/index.js';
import { applyPatch, fromSnapshot, mergePage } from '../../../renderer/src/lib/patches.js';
import { modernV4 } from '../datafiniti/payload-samples.js';

const ctx = { accountId: 'acc1', version: 'v4' } as const;

/** A realistic long signature, as S3 hands out (the sample's is shortened). */
function signed(url: string): string {
  return url.replace('X-Amz-Signature=abc', `X-Amz-Signature=${'f0'.repeat(32)}&x-id=GetObject`);
}

/** n downloads started a minute apart, in no particular order, some at the same minute. */
function history(n: number): Download[] {
  return Array.from({ length: n }, (_, i) => {
    const d = normalizeDownload({ ...modernV4, id: String(900_000 + i), _id: 900_000 + i }, ctx)!;
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
    let state = fromSnapshot(first);
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
    state = mergePage(state, page);
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
});
