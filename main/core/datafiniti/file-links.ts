// Result-file links: S3 pre-signed URLs. Their name and expiry are read from the URL itself,
// because the API does not send them separately (except v3 `date_created`).
import type { DownloadFile } from '../../../preload/contract/index.js';
import { isRecord, readString } from './json-values.js';

/** v3 says each file expires 7 days after it was created; S3 signatures last as long. */
export const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface UrlParts {
  path: string;
  params: URLSearchParams;
}

function splitUrl(url: string): UrlParts {
  try {
    const parsed = new URL(url);
    return { path: parsed.pathname, params: parsed.searchParams };
  } catch {
    // Not absolute: read it as a bare path with an optional query.
    const [beforeHash = ''] = url.split('#', 1);
    const queryAt = beforeHash.indexOf('?');
    const path = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
    const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
    return { path, params: new URLSearchParams(query) };
  }
}

/** S3 parameter names are case-sensitive in theory; proxies and old SDKs vary in practice. */
function param(params: URLSearchParams, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of params) {
    if (key.toLowerCase() === wanted) return value;
  }
  return null;
}

function amzDateMs(value: string): number | null {
  const m = AMZ_DATE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isFinite(epoch) ? epoch : null;
}

const MAX_DATE_MS = 8.64e15;

function toIso(epochMs: number): string | null {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= MAX_DATE_MS
    ? new Date(epochMs).toISOString()
    : null;
}

/** When the signed link stops working, read from its signature; null when it does not say. */
export function linkExpiryFromUrl(url: string): string | null {
  return expiryOf(splitUrl(url));
}

function expiryOf({ params }: UrlParts): string | null {
  const signedAt = param(params, 'X-Amz-Date');
  const lifetime = param(params, 'X-Amz-Expires');
  if (signedAt !== null && lifetime !== null && /^\d+$/.test(lifetime.trim())) {
    const start = amzDateMs(signedAt);
    if (start !== null) return toIso(start + Number(lifetime.trim()) * 1000);
  }
  // Signature version 2: `Expires` is the epoch second the link dies.
  const legacy = param(params, 'Expires');
  if (legacy !== null && /^\d+$/.test(legacy.trim())) return toIso(Number(legacy.trim()) * 1000);
  return null;
}

/**
 * The file name: the URL path's last segment, percent-decoded. Not sanitised for the file
 * system (the saver does that); `fallback` when the path ends without one.
 */
export function fileNameFromUrl(url: string, fallback: string): string {
  return nameOf(splitUrl(url), fallback);
}

function nameOf({ path }: UrlParts, fallback: string): string {
  const segment =
    path
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  let name = segment;
  try {
    name = decodeURIComponent(segment);
  } catch {
    // A malformed escape: keep the segment as it came rather than lose the file.
  }
  return name.trim() === '' ? fallback : name;
}

/** One result file from a URL; `fallbackExpiresAt` is used when the URL is not signed with a time. */
export function fileFromUrl(
  url: string,
  index: number,
  fallbackExpiresAt: string | null = null,
): DownloadFile {
  // Parsed once: a poll of 50,000 downloads reads as many links.
  const parts = splitUrl(url);
  return {
    url,
    name: nameOf(parts, `file_${index + 1}`),
    expiresAt: expiryOf(parts) ?? fallbackExpiresAt,
  };
}

/** The URL of a `results` entry: a string (official) or `{url}` (spec page). */
export function resultUrl(entry: unknown): string | null {
  if (typeof entry === 'string') return readString(entry);
  if (isRecord(entry)) return readString(entry['url']);
  return null;
}
