/** Request context and response helpers shared by every route. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Json } from './dialects.js';
import type { SimState } from './state.js';
import type { RequestLogEntry } from './types.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  state: SimState;
  entry: RequestLogEntry;
  /** Set by a `reset` fault: destroy the connection after this many body bytes. */
  resetAfterBytes?: number;
}

/** Writes the head and records the status in the request log. */
export function writeHead(ctx: RequestContext, status: number, headers: OutgoingHttpHeaders): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, headers);
}

/** Sends a complete body (always with Content-Length), honouring a `reset` fault. */
export function send(
  ctx: RequestContext,
  status: number,
  contentType: string,
  body: string | Buffer,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  writeHead(ctx, status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...extraHeaders });
  if (ctx.req.method === 'HEAD') {
    ctx.res.end();
    return;
  }
  if (ctx.resetAfterBytes !== undefined) {
    cutAfter(ctx, bytes.subarray(0, ctx.resetAfterBytes));
    return;
  }
  ctx.res.end(bytes);
}

/** Sends `partial` (headers first) and then drops the connection mid-body. */
export function cutAfter(ctx: RequestContext, partial: Buffer): void {
  ctx.res.flushHeaders();
  const destroy = () => ctx.res.socket?.destroy();
  if (partial.length === 0) {
    setTimeout(destroy, 5);
    return;
  }
  // Give the kernel a moment to push the bytes out before the RST.
  ctx.res.write(partial, () => setTimeout(destroy, 5));
}

export function sendJson(ctx: RequestContext, status: number, body: Json, headers: OutgoingHttpHeaders = {}) {
  send(ctx, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Resolves on 'drain' or 'close' and removes both listeners: racing two `once` promises left
 * the loser's listener behind on every full buffer, piling up on a long download.
 */
export function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
