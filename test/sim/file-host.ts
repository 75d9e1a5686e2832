/**
 * The S3-like file host under /files/{user}/{downloadId}_{n}.{csv|txt}. It checks the pre-signed
 * query exactly like S3 would for our purposes (signature, expiry, one auth mechanism only),
 * answers errors as S3 XML, supports Range/If-Range, and streams generated content of any
 * size with backpressure.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { generatedFile, type GeneratedFile } from './content.js';
import { snapshot } from './lifecycle.js';
import { cutAfter, drainedOrClosed, send, writeHead, type RequestContext } from './http.js';
import { checkSignature, signedAtFor } from './signing.js';
import type { DownloadRecord, SimState } from './state.js';
import type { FileSlot } from './lifecycle.js';

const FILE_PATH = /^\/files\/(\d+)\/(\d+)_(\d+)\.(csv|txt)$/;

function s3Error(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  extra = '',
  headers: OutgoingHttpHeaders = {},
): void {
  const requestId = Math.floor(ctx.state.now()).toString(16).toUpperCase().padStart(16, '0');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `${extra}<RequestId>${requestId}</RequestId><HostId>c2ltdWxhdG9y</HostId></Error>`;
  send(ctx, status, 'application/xml', body, {
    'x-amz-request-id': requestId,
    Server: 'AmazonS3',
    ...headers,
  });
}

export function fileContent(state: SimState, d: DownloadRecord, slot: FileSlot): GeneratedFile {
  return generatedFile({
    key: `${state.seed}:${d.id}:${slot.n}`,
    format: d.format,
    dataType: d.dataType,
    records: slot.records,
    bytesPerRecord: d.bytesPerRecord,
  });
}

type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** Parses a single `bytes=` range into [start, end) or says it cannot be served. */
function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // S3 ignores a Range it cannot parse (including multi-range) and sends the whole object.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  if (start >= size || end <= start) return 'unsatisfiable';
  return { start, end };
}

async function streamBody(
  ctx: RequestContext,
  file: GeneratedFile,
  start: number,
  end: number,
): Promise<void> {
  const { res } = ctx;
  const limit = ctx.resetAfterBytes;
  let sent = 0;
  for (const chunk of file.chunks(start, end)) {
    if (res.destroyed) return;
    if (limit !== undefined && sent + chunk.length >= limit) {
      cutAfter(ctx, chunk.subarray(0, limit - sent));
      return;
    }
    sent += chunk.length;
    if (!res.write(chunk)) {
      await drainedOrClosed(res);
    }
  }
  if (limit !== undefined) {
    cutAfter(ctx, Buffer.alloc(0));
    return;
  }
  res.end();
}

export async function serveFile(ctx: RequestContext): Promise<void> {
  const { state } = ctx;
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    s3Error(ctx, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    return;
  }
  if (ctx.req.headers.authorization !== undefined && ctx.query.has('X-Amz-Signature')) {
    s3Error(
      ctx,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query ' +
        'string parameter or the Authorization header should be specified',
      '<ArgumentName>Authorization</ArgumentName>',
    );
    return;
  }
  const m = FILE_PATH.exec(ctx.path);
  const d = m ? state.download(m[2] ?? '') : undefined;
  if (!m || !d || String(d.account.userId) !== m[1] || (d.format === 'csv') !== (m[4] === 'csv')) {
    s3Error(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${ctx.path.slice(7)}</Key>`);
    return;
  }
  const now = state.now();
  const check = checkSignature(state.secret, d, ctx.path, ctx.query, now);
  if (!check.ok) {
    if (check.reason === 'expired') {
      s3Error(
        ctx,
        403,
        'AccessDenied',
        'Request has expired',
        `<X-Amz-Expires>604800</X-Amz-Expires><ServerTime>${new Date(now).toISOString()}</ServerTime>`,
      );
    } else if (check.reason === 'bad-signature') {
      s3Error(
        ctx,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    } else {
      s3Error(ctx, 403, 'AccessDenied', 'Access Denied');
    }
    return;
  }
  const n = Number(m[3]);
  const slot = snapshot(d, now).files.find((f) => f.n === n);
  if (!slot) {
    s3Error(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${ctx.path.slice(7)}</Key>`);
    return;
  }
  const file = fileContent(state, d, slot);
  const etag = file.etag();
  const common = {
    'Content-Type': d.format === 'csv' ? 'text/csv' : 'text/plain',
    ETag: etag,
    'Last-Modified': new Date(signedAtFor(d, slot)).toUTCString(),
    'Accept-Ranges': 'bytes',
    Server: 'AmazonS3',
  };
  const ifRange = ctx.req.headers['if-range'];
  const range =
    ifRange !== undefined && ifRange !== etag ? undefined : parseRange(ctx.req.headers.range, file.size);
  if (range === 'unsatisfiable') {
    s3Error(ctx, 416, 'InvalidRange', 'The requested range is not satisfiable', '', {
      'Content-Range': `bytes */${file.size}`,
    });
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size;
  const headers = range
    ? { ...common, 'Content-Length': end - start, 'Content-Range': `bytes ${start}-${end - 1}/${file.size}` }
    : { ...common, 'Content-Length': file.size };
  writeHead(ctx, range ? 206 : 200, headers);
  if (ctx.method === 'HEAD') {
    ctx.res.end();
    return;
  }
  await streamBody(ctx, file, start, end);
}
