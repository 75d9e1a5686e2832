/**
 * S3-style pre-signed URLs for result files. Signatures are HMACs over the path, the signing
 * time and a per-download "generation", so `resignLinks` can hand out new URLs and
 * `expireLinks` can kill every URL handed out so far without touching new ones.
 */
import { createHmac } from 'node:crypto';
import type { FileSlot } from './lifecycle.js';
import type { DownloadRecord } from './state.js';

/** S3's maximum and the value Datafiniti uses: 7 days. */
export const LINK_LIFETIME_SECONDS = 604800;
const ACCESS_KEY = 'AKIASIMULATOR0000000';

export function fileName(d: DownloadRecord, n: number): string {
  return `${d.id}_${n}.${d.format === 'csv' ? 'csv' : 'txt'}`;
}

export function filePath(d: DownloadRecord, n: number): string {
  return `/files/${d.account.userId}/${fileName(d, n)}`;
}

/** YYYYMMDDTHHMMSSZ */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

export function signedAtFor(d: DownloadRecord, slot: FileSlot): number {
  const at = d.signGeneration > 0 ? Math.max(slot.appearedAt, d.generationSignedAt) : slot.appearedAt;
  // Signatures carry whole seconds.
  return Math.floor(at / 1000) * 1000;
}

export function signedUrl(
  baseUrl: string,
  secret: string,
  d: DownloadRecord,
  slot: FileSlot,
  style: 'amz' | 'legacy',
): string {
  const path = filePath(d, slot.n);
  const signedAt = signedAtFor(d, slot);
  const gen = d.signGeneration;
  if (style === 'legacy') {
    const expires = String(signedAt / 1000 + LINK_LIFETIME_SECONDS);
    const signature = Buffer.from(hmac(secret, `${path}\n${expires}\n${gen}`), 'hex').toString('base64');
    const q = new URLSearchParams({ AWSAccessKeyId: ACCESS_KEY, Expires: expires, Signature: signature });
    return `${baseUrl}${path}?${q.toString()}`;
  }
  const date = amzDate(signedAt);
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${ACCESS_KEY}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': String(LINK_LIFETIME_SECONDS),
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': hmac(secret, `${path}\n${date}\n${LINK_LIFETIME_SECONDS}\n${gen}`),
  });
  return `${baseUrl}${path}?${q.toString()}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'expired' | 'bad-signature' | 'missing' | 'malformed' };

/** Checks a request's query against every generation handed out for the download. */
export function checkSignature(
  secret: string,
  d: DownloadRecord,
  path: string,
  query: URLSearchParams,
  now: number,
): SignatureCheck {
  let expiresAt: number;
  let matches: (gen: number) => boolean;
  const amz = query.get('X-Amz-Signature');
  const legacy = query.get('Signature');
  if (amz !== null) {
    const date = query.get('X-Amz-Date') ?? '';
    const lifetime = query.get('X-Amz-Expires') ?? '';
    const signedAt = parseAmzDate(date);
    if (signedAt === undefined || !/^\d+$/.test(lifetime)) return { ok: false, reason: 'malformed' };
    expiresAt = signedAt + Number(lifetime) * 1000;
    matches = (gen) => hmac(secret, `${path}\n${date}\n${lifetime}\n${gen}`) === amz;
  } else if (legacy !== null) {
    const expires = query.get('Expires') ?? '';
    if (!/^\d+$/.test(expires)) return { ok: false, reason: 'malformed' };
    expiresAt = Number(expires) * 1000;
    matches = (gen) =>
      Buffer.from(hmac(secret, `${path}\n${expires}\n${gen}`), 'hex').toString('base64') === legacy;
  } else {
    return { ok: false, reason: 'missing' };
  }
  let generation = -1;
  for (let gen = 0; gen <= d.signGeneration; gen++) {
    if (matches(gen)) {
      generation = gen;
      break;
    }
  }
  if (generation < 0) return { ok: false, reason: 'bad-signature' };
  if (generation <= d.expiredGeneration || now > expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true };
}
