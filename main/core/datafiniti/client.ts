// One client per account: the calls the app makes, for v3 and v4, each answer normalized.
import { AppError } from '../errors.js';
import { systemClock } from '../ports.js';
import type { Download, DownloadFile } from '../model.js';
import { authorizationHeader } from './auth.js';
import type { ClientOptions, DatafinitiClient, NewDownloadInput, PreviewResult } from './client-types.js';
import { badResponse, type HttpAnswer } from './errors-from-response.js';
import { DEFAULT_HTTP, sendRequest, type ApiRequest, type HttpSettings } from './http.js';
import { isRecord, pickWith, readCount } from './json-values.js';
import { parseJsonAnswer } from './json-answer.js';
import {
  listEntries,
  normalizeDownload,
  normalizeDownloadList,
  normalizeV3Results,
  type NormalizeContext,
} from './normalize.js';
import { createRedactor } from './redact.js';

/** Knobs beyond ClientOptions, for tests and callers that schedule their own retries. */
export interface ClientTuning {
  /** First back-off step between retries (full jitter, doubling), default 1 s. */
  backoffBaseMs?: number;
  /** Longest back-off step, default 30 s. */
  backoffCapMs?: number;
  /** A `Retry-After` longer than this is not waited out inside a call (default 120 s). */
  maxRetryWaitMs?: number;
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

function v4Only(what: string): AppError {
  return new AppError('rejected', `${what} needs a v4 account; the v3 API cannot do it.`, { version: 'v3' });
}

/** The id in a v3 start's `Location: /v3/requests/{id}`. */
function requestIdFromLocation(location: string | null): string | null {
  if (location === null) return null;
  const match = /\/requests\/([^/?#]+)/.exec(location);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

export function createClient(options: ClientOptions & ClientTuning): DatafinitiClient {
  const { accountId, version } = options;
  const ctx: NormalizeContext = {
    accountId,
    version,
    ...(options.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
  };
  const redact = createRedactor([options.token]);
  const settings: HttpSettings = {
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    authorization: authorizationHeader(version, options.token),
    redact,
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs ?? DEFAULT_HTTP.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULT_HTTP.maxRetries,
    random: options.random ?? Math.random,
    onRetryWait: options.onRetryWait,
    backoffBaseMs: options.backoffBaseMs ?? DEFAULT_HTTP.backoffBaseMs,
    backoffCapMs: options.backoffCapMs ?? DEFAULT_HTTP.backoffCapMs,
    maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULT_HTTP.maxRetryWaitMs,
  };

  const send = (request: ApiRequest): Promise<HttpAnswer> => sendRequest(settings, request);

  async function getJson(path: string): Promise<{ answer: HttpAnswer; body: unknown }> {
    const answer = await send({ method: 'GET', path, retry: true });
    return { answer, body: parseJsonAnswer(answer, redact) };
  }

  function oneDownload(answer: HttpAnswer, body: unknown): Download {
    const download = normalizeDownload(body, ctx);
    if (download === null)
      throw badResponse('The Datafiniti API sent something that is not a download', answer, redact);
    return download;
  }

  async function list(): Promise<Download[]> {
    const { answer, body } = await getJson(version === 'v4' ? '/downloads' : '/requests');
    // An answer that is no list at all must not read as "this account has no downloads".
    if (listEntries(body) === null) {
      throw badResponse('The Datafiniti API sent something that is not a list of downloads', answer, redact);
    }
    return normalizeDownloadList(body, ctx);
  }

  async function results(id: string): Promise<DownloadFile[]> {
    if (version === 'v4') return (await get(id)).files;
    const { answer, body } = await getJson(`/results/${segment(id)}`);
    if (listEntries(body) === null && !isRecord(body)) {
      throw badResponse(
        'The Datafiniti API sent something that is not a list of result files',
        answer,
        redact,
      );
    }
    return normalizeV3Results(body);
  }

  async function get(id: string): Promise<Download> {
    if (version === 'v4') {
      const { answer, body } = await getJson(`/downloads/${segment(id)}`);
      return oneDownload(answer, body);
    }
    const { answer, body } = await getJson(`/requests/${segment(id)}`);
    const request = oneDownload(answer, body);
    if (request.status !== 'completed') return request;
    try {
      return { ...request, files: await results(request.id) };
    } catch (err) {
      // v3 answers 404 until the results are published, a moment after COMPLETED.
      if (err instanceof AppError && err.code === 'not-found') return request;
      throw err;
    }
  }

  async function cancel(id: string): Promise<Download> {
    if (version === 'v3') throw v4Only('Cancelling a download');
    const answer = await send({ method: 'DELETE', path: `/downloads/${segment(id)}`, retry: false });
    return oneDownload(answer, parseJsonAnswer(answer, redact));
  }

  function searchBody(input: NewDownloadInput, download: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      query: input.query,
      download,
      format: input.format.toUpperCase(),
    };
    if (input.numRecords !== null && input.numRecords !== undefined) body['num_records'] = input.numRecords;
    if (input.view) body['view'] = input.view;
    return body;
  }

  async function preview(input: NewDownloadInput): Promise<PreviewResult> {
    if (version === 'v3') throw v4Only('A preview of count and cost');
    const answer = await send({
      method: 'POST',
      path: `/${segment(input.dataType)}/search`,
      body: searchBody(input, false),
      retry: false,
    });
    const body = parseJsonAnswer(answer, redact);
    const numFound = isRecord(body)
      ? pickWith(body, ['num_found', 'numFound', 'estimated_total'], readCount)
      : null;
    if (!isRecord(body) || numFound === null) {
      throw badResponse('The Datafiniti API sent a preview without a record count', answer, redact);
    }
    return { numFound, totalCost: pickWith(body, ['total_cost', 'totalCost'], readCount) };
  }

  async function startV4(input: NewDownloadInput): Promise<Download> {
    const answer = await send({
      method: 'POST',
      path: `/${segment(input.dataType)}/search`,
      body: searchBody(input, true),
      retry: false,
    });
    return oneDownload(answer, parseJsonAnswer(answer, redact));
  }

  async function startV3(input: NewDownloadInput): Promise<Download> {
    const query: Record<string, string> = { q: input.query, format: input.format, download: 'true' };
    if (input.numRecords !== null && input.numRecords !== undefined)
      query['records'] = String(input.numRecords);
    if (input.view) query['view'] = input.view;
    // A GET that starts (and bills) a download: never retried, and its redirect is read, not followed.
    const answer = await send({
      method: 'GET',
      path: `/data/${segment(input.dataType)}`,
      query,
      retry: false,
      redirect: 'manual',
      // Status 0 is a browser-style "opaque redirect": the redirect happened but its Location is hidden.
      accept: (status) => status === 0 || (status >= 200 && status < 300) || (status >= 301 && status <= 308),
    });
    if (answer.status === 0) return newestMatching(input, answer);
    if (answer.status >= 200 && answer.status < 300) {
      // A fetch that followed the redirect anyway answers with the request itself.
      return oneDownload(answer, parseJsonAnswer(answer, redact));
    }
    const id = requestIdFromLocation(answer.headers.get('location'));
    if (id === null)
      throw badResponse('The Datafiniti API started a request but did not say which', answer, redact);
    return get(id);
  }

  /** The request a v3 start just made, found by its query when the redirect could not be read. */
  async function newestMatching(input: NewDownloadInput, answer: HttpAnswer): Promise<Download> {
    const candidates = (await list()).filter(
      (d) => d.query === input.query.trim() && d.dataType === input.dataType,
    );
    const newest = candidates.sort((a, b) => Number(b.id) - Number(a.id) || b.id.localeCompare(a.id))[0];
    if (newest === undefined) {
      throw badResponse('The Datafiniti API started a request but did not say which', answer, redact);
    }
    return get(newest.id);
  }

  async function account(): Promise<Record<string, unknown>> {
    if (version === 'v3') throw v4Only('Account details');
    const { answer, body } = await getJson('/account');
    if (!isRecord(body))
      throw badResponse('The Datafiniti API sent account details of an unexpected shape', answer, redact);
    return body;
  }

  async function verify(): Promise<void> {
    // v4: the account page is small; v3 has none, and its request list is the cheapest call.
    if (version === 'v4') await account();
    else await list();
  }

  return {
    version,
    accountId,
    list,
    get,
    cancel,
    preview,
    start: (input) => (version === 'v4' ? startV4(input) : startV3(input)),
    results,
    account,
    verify,
  };
}
