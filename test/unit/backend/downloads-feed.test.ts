// What the window is sent: every download it shows, without the signed part of result links.
import { describe, expect, it } from 'vitest';
import { DownloadsFeed, forWindow } from '../../../main/core/backend/downloads-feed.js';
import { normalizeDownload } from '../../../main/core/datafiniti/normalize.js';
import type { Download, DownloadsPatch } from '../../../preload/contract/index.js';
import { modernV4 } from '../datafiniti/payload-samples.js';

const ctx = { accountId: 'acc1', version: 'v4' } as const;

/** A realistic long signature, as S3 hands out (the sample's is shortened). */
function signed(url: string): string {
  return url.replace('X-Amz-Signature=abc', `X-Amz-Signature=${'f0'.repeat(32)}&x-id=GetObject`);
}

function history(n: number): Download[] {
  return Array.from({ length: n }, (_, i) => {
    const d = normalizeDownload({ ...modernV4, id: String(900_000 + i), _id: 900_000 + i }, ctx)!;
    return { ...d, files: [...d.files, ...d.files].map((f) => ({ ...f, url: signed(f.url) })) };
  });
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

  it('a 50,000-download snapshot carries no signature and is much smaller than the history', () => {
    const all = history(50_000);
    const patches: DownloadsPatch[] = [];
    const feed = new DownloadsFeed(
      () => all,
      (p) => patches.push(p),
    );
    const text = JSON.stringify(feed.snapshot());
    expect(text).not.toContain('X-Amz-Signature');
    expect(text).not.toContain('X-Amz-Credential');
    const whole = JSON.stringify({ version: 0, downloads: all }).length;
    // Sizes, not time: deterministic for the same input.
    expect(text.length).toBeLessThan(whole * 0.6);
    feed.changed([all[0]!], []);
    expect(JSON.stringify(patches[0])).not.toContain('X-Amz-Signature');
    expect(patches[0]?.version).toBe(1);
  });
});
