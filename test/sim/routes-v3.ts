/** The v3 API: requests (list, one), results, and starting a download with GET /data/{type}. */
import { authenticate } from './auth.js';
import { recordSearch } from './billing.js';
import { previewRecords } from './content.js';
import { apiError, consumeResign, DATA_TYPES, renderV3Request, renderV3Results } from './dialects.js';
import { send, sendJson, type RequestContext } from './http.js';
import { numFoundFor } from './routes-v4.js';
import type { DataType } from './types.js';

function fail(ctx: RequestContext, status: number, message: string): void {
  const e = apiError(ctx.state.dialect, status, message);
  send(ctx, e.status, e.contentType, e.body);
}

function listRequests(ctx: RequestContext): void {
  const account = authenticate(ctx, 'v3');
  if (!account) return;
  const requests = ctx.state
    .downloadsOf(account, 'v3')
    .sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
  sendJson(
    ctx,
    200,
    requests.map((d) => renderV3Request(ctx.state, d)),
  );
}

function findOwn(ctx: RequestContext, idText: string) {
  const account = authenticate(ctx, 'v3');
  if (!account) return undefined;
  const d = /^\d+$/.test(idText) ? ctx.state.download(idText) : undefined;
  if (!d || d.account !== account || d.version !== 'v3') {
    fail(ctx, 404, 'Request not found.');
    return undefined;
  }
  return d;
}

function oneRequest(ctx: RequestContext, idText: string): void {
  const d = findOwn(ctx, idText);
  if (!d) return;
  // v3 answers an array of one.
  sendJson(ctx, 200, [renderV3Request(ctx.state, d)]);
}

function results(ctx: RequestContext, idText: string): void {
  const d = findOwn(ctx, idText);
  if (!d) return;
  consumeResign(ctx.state, d);
  const body = renderV3Results(ctx.state, d);
  if (body === undefined) {
    fail(ctx, 404, 'Results not found.');
    return;
  }
  sendJson(ctx, 200, body);
}

function data(ctx: RequestContext, typeText: string): void {
  const account = authenticate(ctx, 'v3');
  if (!account) return;
  if (!(DATA_TYPES as readonly string[]).includes(typeText)) {
    fail(ctx, 404, `${typeText} is not a valid data-type`);
    return;
  }
  const dataType = typeText as DataType;
  if (account.paymentProblem) {
    fail(ctx, 403, "There was a problem with this customer's payment information.");
    return;
  }
  const query = (ctx.query.get('q') ?? '').trim();
  if (!query) {
    fail(ctx, 400, 'A query is required.');
    return;
  }
  if (/\bINVALID\b/.test(query)) {
    fail(ctx, 400, 'Invalid query.');
    return;
  }
  const formatText = (ctx.query.get('format') ?? 'json').toLowerCase();
  if (formatText !== 'csv' && formatText !== 'json') {
    fail(ctx, 400, 'format must be one of csv, json.');
    return;
  }
  const recordsText = ctx.query.get('records');
  if (recordsText !== null && !/^\d+$/.test(recordsText)) {
    fail(ctx, 400, 'records must be a number.');
    return;
  }
  const numFound = numFoundFor(query);
  const numRecords = Math.min(recordsText === null ? numFound : Number(recordsText), numFound);
  if (ctx.query.get('download') !== 'true') {
    const records = previewRecords(`${ctx.state.seed}:${query}`, dataType, Math.min(10, numRecords));
    recordSearch(account, { dataType, query, records: records.length, at: ctx.state.now() });
    sendJson(ctx, 200, { estimated_total: numFound, records });
    return;
  }
  const d = ctx.state.addDownload(
    account,
    'v3',
    {
      dataType,
      format: formatText,
      query,
      numRecords,
      view: ctx.query.get('view') ?? '',
      startedAt: ctx.state.now(),
    },
    numFound,
  );
  send(ctx, 303, 'text/plain; charset=utf-8', `See Other: /v3/requests/${d.id}`, {
    Location: `/v3/requests/${d.id}`,
  });
}

/** Returns false when no v3 route matches. */
export async function routeV3(ctx: RequestContext): Promise<boolean> {
  const { method, path } = ctx;
  if (method !== 'GET') return false;
  if (path === '/v3/requests') {
    listRequests(ctx);
    return true;
  }
  const one = /^\/v3\/requests\/([^/]+)$/.exec(path);
  if (one?.[1] !== undefined) {
    oneRequest(ctx, decodeURIComponent(one[1]));
    return true;
  }
  const res = /^\/v3\/results\/([^/]+)$/.exec(path);
  if (res?.[1] !== undefined) {
    results(ctx, decodeURIComponent(res[1]));
    return true;
  }
  const dataMatch = /^\/v3\/data\/([^/]+)$/.exec(path);
  if (dataMatch?.[1] !== undefined) {
    data(ctx, decodeURIComponent(dataMatch[1]));
    return true;
  }
  return false;
}
