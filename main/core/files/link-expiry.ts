// When a pre-signed result link stops working, from the file's `expiresAt` or, failing that,
// from the URL itself (SigV4 `X-Amz-Date` + `X-Amz-Expires`, or legacy `Expires=<epoch>`).
import type { DownloadFile } from '../../../preload/contract/index.js';
import { linkExpiryFromUrl } from '../datafiniti/file-links.js';

/** Epoch ms the link expires, or null when it cannot be told. */
export function linkExpiresAt(file: Pick<DownloadFile, 'url' | 'expiresAt'>): number | null {
  if (file.expiresAt) {
    const t = Date.parse(file.expiresAt);
    if (Number.isFinite(t)) return t;
  }
  // The normalizer's reading of the URL: one parser, which matches parameter names in any case
  // (this file had its own, case-sensitive copy).
  const fromUrl = linkExpiryFromUrl(file.url);
  return fromUrl === null ? null : Date.parse(fromUrl);
}

/** "on 2026-01-12 09:00 UTC", for messages a person reads. */
export function describeExpiry(at: number | null): string {
  if (at === null) return 'at a time the file host did not say';
  return `on ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
