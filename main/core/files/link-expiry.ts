// When a pre-signed result link stops working, from the file's `expiresAt` or, failing that,
// from the URL itself (SigV4 `X-Amz-Date` + `X-Amz-Expires`, or legacy `Expires=<epoch>`).
import type { DownloadFile } from '../../../preload/contract/index.js';

/** Epoch ms the link expires, or null when it cannot be told. */
export function linkExpiresAt(file: Pick<DownloadFile, 'url' | 'expiresAt'>): number | null {
  if (file.expiresAt) {
    const t = Date.parse(file.expiresAt);
    if (Number.isFinite(t)) return t;
  }
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    return null;
  }
  const amzDate = url.searchParams.get('X-Amz-Date');
  const amzExpires = url.searchParams.get('X-Amz-Expires');
  if (amzDate && amzExpires) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    const seconds = Number(amzExpires);
    if (m && Number.isFinite(seconds)) {
      return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + seconds * 1000;
    }
  }
  const legacy = url.searchParams.get('Expires');
  if (legacy && /^\d+$/.test(legacy)) return Number(legacy) * 1000;
  return null;
}

/** "on 2026-01-12 09:00 UTC", for messages a person reads. */
export function describeExpiry(at: number | null): string {
  if (at === null) return 'at a time the file host did not say';
  return `on ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
