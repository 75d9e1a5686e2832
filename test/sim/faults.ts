/**
 * Fault injection "per endpoint and per call count": each fault counts the requests that match
 * its path and method, skips the first `after`, then hits the next `times`.
 */
import { apiError } from './dialects.js';
import { drainedOrClosed, send, writeHead, type RequestContext } from './http.js';
import type { Fault, FaultKind } from './types.js';

interface ArmedFault {
  fault: Fault;
  seen: number;
  hits: number;
}

export class FaultRegistry {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    this.armed.push({ fault, seen: 0, hits: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault for this request, if any; every matching fault counts the call. */
  take(method: string, path: string, authorization?: string): Fault | undefined {
    let chosen: Fault | undefined;
    for (const a of this.armed) {
      const { fault } = a;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (fault.authorization !== undefined && fault.authorization !== authorization) continue;
      const matches = typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
      if (!matches) continue;
      a.seen += 1;
      if (chosen || a.seen <= (fault.after ?? 0) || a.hits >= (fault.times ?? 1)) continue;
      a.hits += 1;
      chosen = fault;
    }
    this.armed = this.armed.filter((a) => a.hits < (a.fault.times ?? 1));
    return chosen;
  }
}

const HTML_ERROR =
  '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>' +
  '<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p>' +
  '<hr><address>nginx</address></body></html>\n';

const PORTAL_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in to Hotel WiFi</title></head>' +
  '<body><form action="/login"><p>Accept the terms to continue.</p></form></body></html>\n';

/** Valid JSON cut off mid-object, as when a proxy truncates a response. */
const MALFORMED_JSON = '{"num_found": 2, "records": [{"id": "847070", "status": "runn';

const WRONG_SHAPE = { ok: true, data: { items: 'unexpected', count: '3' }, downloads: null };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `{"records":[` and then padding, with backpressure, until `size` bytes or the client leaves. */
async function sendHugeBody(ctx: RequestContext, size: number, declareLength: boolean): Promise<void> {
  const headers = declareLength ? { 'Content-Length': size } : {};
  writeHead(ctx, 200, { 'Content-Type': 'application/json', ...headers });
  const { res } = ctx;
  const chunk = Buffer.alloc(1 << 20, ' ');
  res.write('{"records":[');
  for (let sent = 12; sent < size && !res.destroyed; sent += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  res.end();
}

/**
 * Applies a fault. Returns true when the fault produced the whole response; false when the
 * request should continue to its route (`slow` after its delay, `reset` with a cut armed).
 */
export async function applyFault(ctx: RequestContext, fault: Fault): Promise<boolean> {
  ctx.entry.fault = fault.kind;
  const kind: FaultKind = fault.kind;
  const { dialect } = ctx.state;
  switch (kind) {
    case 'rate-limit-seconds': {
      const e = apiError(dialect, 429, 'Too many requests.');
      send(ctx, 429, e.contentType, e.body, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
      return true;
    }
    case 'rate-limit-date': {
      const at = new Date(ctx.state.now() + (fault.retryAfterSeconds ?? 1) * 1000).toUTCString();
      const e = apiError(dialect, 429, 'Too many requests.');
      send(ctx, 429, e.contentType, e.body, { 'Retry-After': at });
      return true;
    }
    case 'unavailable': {
      const headers =
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      send(ctx, 503, 'text/plain; charset=utf-8', 'Service Unavailable', headers);
      return true;
    }
    case 'server-html':
      send(ctx, 500, 'text/html; charset=utf-8', HTML_ERROR);
      return true;
    case 'malformed-json':
      send(ctx, 200, 'application/json; charset=utf-8', MALFORMED_JSON);
      return true;
    case 'wrong-shape':
      send(ctx, 200, 'application/json; charset=utf-8', JSON.stringify(WRONG_SHAPE));
      return true;
    case 'portal-page':
      send(ctx, 200, 'text/html; charset=utf-8', PORTAL_PAGE);
      return true;
    case 'huge-body':
      await sendHugeBody(ctx, fault.bodyBytes ?? 64 << 20, fault.declareLength ?? false);
      return true;
    case 'echo-auth': {
      const header = ctx.req.headers.authorization ?? '';
      const body = JSON.stringify({ message: `Invalid token. The request carried: ${header}` });
      send(ctx, 401, 'application/json; charset=utf-8', body);
      return true;
    }
    case 'slow':
      await sleep(fault.delayMs ?? 2000);
      return false;
    case 'reset':
      ctx.resetAfterBytes = fault.resetAfterBytes ?? 0;
      return false;
  }
}
