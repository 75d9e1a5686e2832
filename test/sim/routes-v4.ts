/** The v4 API: auth, downloads (list, get, cancel), search (preview or start), account. */
import { authenticate } from './auth.js';
import { previewRecords } from './content.js';
import { apiError, consumeResign, DATA_TYPES, renderV4Download, renderV4List } from './dialects.js';
import { readBody, send, sendJson, type RequestContext } from './http.js';
import { stopEarly } from './lifecycle.js';
import { PREVIEW_RECORD_LIMIT, recordSearch, renderAccount } from './billing.js';
import { hashString } from './random.js';
import type { DataType, FileFormat } from './types.js';

/** How many records a query "matches": stable per query text, independent of the seed. */
export function numFoundFor(query: string): number {
  return 1000 + (hashString(query.trim()) % 49000);
}

function fail(ctx: RequestContext, status: number, message: string): void {
  const e = apiError(ctx.state.dialect, status, message);
  send(ctx, e.status, e.contentType, e.body);
}

async function readJsonObject(ctx: RequestContext): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(ctx.req);
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  fail(ctx, 400, 'request body is invalid json');
  return undefined;
}

async function postAuth(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx);
  if (!body) return;
  const account = ctx.state.accounts.find((a) => a.email === body.email && a.password === body.password);
  if (!account) {
    fail(ctx, 401, 'Invalid email or password.');
    return;
  }
  sendJson(ctx, 200, { token: ctx.state.issueSessionToken(account) });
}

function listDownloads(ctx: RequestContext): void {
  const account = authenticate(ctx, 'v4');
  if (!account) return;
  const downloads = ctx.state
    .downloadsOf(account, 'v4')
    .sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
  for (const d of downloads) consumeResign(ctx.state, d);
  sendJson(ctx, 200, renderV4List(ctx.state, downloads));
}

function oneDownload(ctx: RequestContext, idText: string): void {
  const account = authenticate(ctx, 'v4');
  if (!account) return;
  if (!/^\d+$/.test(idText)) {
    fail(ctx, 400, 'ID must be a number.');
    return;
  }
  const d = ctx.state.download(idText);
  if (!d || d.account !== account || d.version !== 'v4') {
    fail(ctx, 404, 'Download not found.');
    return;
  }
  if (ctx.method === 'DELETE') {
    // Cancelling a finished download changes nothing; the answer is still the object.
    stopEarly(d, ctx.state.now(), 'cancelled');
    // The spec pages answer a cancel with a message instead of the download.
    if (ctx.state.dialect === 'spec') {
      sendJson(ctx, 200, { message: `Download ${d.id} cancelled.` });
      return;
    }
  } else {
    consumeResign(ctx.state, d);
  }
  sendJson(ctx, 200, renderV4Download(ctx.state, d));
}

function parseFormat(value: unknown): FileFormat | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return 'invalid';
  const lower = value.toLowerCase();
  return lower === 'csv' || lower === 'json' ? lower : 'invalid';
}

async function search(ctx: RequestContext, typeText: string): Promise<void> {
  const account = authenticate(ctx, 'v4');
  if (!account) return;
  if (!(DATA_TYPES as readonly string[]).includes(typeText)) {
    fail(ctx, 404, `${typeText} is not a valid data-type`);
    return;
  }
  const dataType = typeText as DataType;
  const body = await readJsonObject(ctx);
  if (!body) return;
  if (account.paymentProblem) {
    fail(ctx, 403, "There was a problem with this customer's payment information.");
    return;
  }
  const query = typeof body.query === 'string' ? body.query.trim() : '';
  if (!query) {
    fail(ctx, 400, 'A query is required.');
    return;
  }
  const invalid = /\bINVALID\b/.exec(query);
  if (invalid) {
    fail(ctx, 400, `Invalid query: unexpected token "INVALID" at position ${invalid.index}.`);
    return;
  }
  const format = parseFormat(body.format);
  if (format === 'invalid') {
    fail(ctx, 400, 'format must be one of CSV, JSON.');
    return;
  }
  const requested = body.num_records;
  if (
    requested !== undefined &&
    (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 0)
  ) {
    fail(ctx, 400, 'num_records must be a non-negative integer.');
    return;
  }
  if (body.download !== true && requested !== undefined && requested > PREVIEW_RECORD_LIMIT) {
    fail(ctx, 403, `num_records ${requested} exceeds preview record limit of ${PREVIEW_RECORD_LIMIT}.`);
    return;
  }
  const numFound = numFoundFor(query);
  const numRecords = Math.min(requested ?? numFound, numFound);
  if (body.download === true) {
    const d = ctx.state.addDownload(
      account,
      'v4',
      {
        dataType,
        format: format ?? 'json',
        query,
        numRecords,
        view: typeof body.view === 'string' ? body.view : '',
        startedAt: ctx.state.now(),
      },
      numFound,
    );
    sendJson(ctx, 202, renderV4Download(ctx.state, d));
    return;
  }
  const records = previewRecords(
    `${ctx.state.seed}:${query}`,
    dataType,
    Math.min(PREVIEW_RECORD_LIMIT, numRecords),
  );
  // Billed: one credit per record returned.
  recordSearch(account, { dataType, query, records: records.length, at: ctx.state.now() });
  sendJson(ctx, 200, { num_found: numFound, total_cost: records.length, records });
}

function account(ctx: RequestContext): void {
  const acc = authenticate(ctx, 'v4');
  if (!acc) return;
  // Free, as the docs say: reading it charges nothing.
  sendJson(ctx, 200, renderAccount(ctx.state, acc));
}

/** Returns false when no v4 route matches. */
export async function routeV4(ctx: RequestContext): Promise<boolean> {
  const { method, path } = ctx;
  if (path === '/v4/auth' && method === 'POST') {
    await postAuth(ctx);
    return true;
  }
  if (path === '/v4/downloads' && method === 'GET') {
    listDownloads(ctx);
    return true;
  }
  const one = /^\/v4\/downloads\/([^/]+)$/.exec(path);
  if (one?.[1] !== undefined && (method === 'GET' || method === 'DELETE')) {
    oneDownload(ctx, decodeURIComponent(one[1]));
    return true;
  }
  const searchMatch = /^\/v4\/([^/]+)\/search$/.exec(path);
  if (searchMatch?.[1] !== undefined && method === 'POST') {
    await search(ctx, decodeURIComponent(searchMatch[1]));
    return true;
  }
  if (path === '/v4/account' && method === 'GET') {
    account(ctx);
    return true;
  }
  return false;
}
