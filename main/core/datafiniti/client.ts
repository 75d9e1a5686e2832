// One client per account: the calls the app makes, for v3 and v4, each answer normalized.
import { AppError, type ErrorKind } from '../errors.js';
import { systemClock } from '../ports.js';
import { capabilitiesOf, type Download, type DownloadFile } from '../../../preload/contract/index.js';
import { authorizationHeader } from './auth.js';
import type { ClientOptions, DatafinitiClient, NewDownloadInput, PreviewResult } from './client-types.js';
import { badResponse, type HttpAnswer } from './errors-from-response.js';
import {
  DEFAULT_HTTP,
  MAX_LIST_ANSWER_BYTES,
  sendRequest,
  type ApiRequest,
  type HttpSettings,
} from './http.js';
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

/**
 * Failures after which a start may still have happened (and been billed): the request went out
 * and its answer was lost, broken, or a server error. Datafiniti answered the others itself
 * (refused, unauthorized, rate-limited), so nothing started.
 */
const START_ANSWER_LOST: ReadonlySet<ErrorKind> = new Set([
  'network',
  'timeout',
  'server',
  'bad-response',
  'internal',
]);

/**
 * Runs a start exactly once. When its answer is lost, the error says the download may have
 * started and is never retryable: sending it again could start (and bill) a second download.
 */
async function startOnce(send: () => Promise<Download>): Promise<Download> {
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof AppError) || !START_ANSWER_LOST.has(err.code)) throw err;
    const reason = err.message.trim().replace(/\.?$/, '.');
    throw new AppError(
      err.code,
      `${reason} The download may have started anyway. It was not sent again, so it is not billed twice: ` +
        'look for it in the download list, where the monitor shows it within a minute if Datafiniti started it.',
      { ...err.detail, mayHaveStarted: true },
      false,
    );
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

  async function getJson(
    path: string,
    maxAnswerBytes?: number,
  ): Promise<{ answer: HttpAnswer; body: unknown }> {
    const answer = await send({
      method: 'GET',
      path,
      retry: true,
      ...(maxAnswerBytes ? { maxAnswerBytes } : {}),
    });
    return { answer, body: parseJsonAnswer(answer, redact) };
  }

  function oneDownload(answer: HttpAnswer, body: unknown): Download {
    const download = normalizeDownload(body, ctx);
    if (download === null)
      throw badResponse('The Datafiniti API sent something that is not a download', answer, redact);
    return download;
  }

  async function list(): Promise<Download[]> {
    const { answer, body } = await getJson(
      version === 'v4' ? '/downloads' : '/requests',
      MAX_LIST_ANSWER_BYTES,
    );
    // An answer that is no list at all must not read as "this account has no downloads".
    if (listEntries(body) === null) {
      throw badResponse('The Datafiniti API sent something that is not a list of downloads', answer, redact);
    }
    return normalizeDownloadList(body, ctx);
  }

  /** v3 `GET /results/{id}`: the files of a completed request. */
  async function results(id: string): Promise<DownloadFile[]> {
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

  /** A v3 request with its files; without them while /results answers 404. */
  async function withV3Results(request: Download): Promise<Download> {
    if (request.status !== 'completed') return request;
    try {
      return { ...request, files: await results(request.id) };
    } catch (err) {
      // v3 answers 404 until the results are published, a moment after COMPLETED.
      if (err instanceof AppError && err.code === 'not-found') return request;
      throw err;
    }
  }

  async function get(id: string): Promise<Download> {
    if (version === 'v4') {
      const { answer, body } = await getJson(`/downloads/${segment(id)}`);
      return oneDownload(answer, body);
    }
    const { answer, body } = await getJson(`/requests/${segment(id)}`);
    return withV3Results(oneDownload(answer, body));
  }

  async function completeListed(listed: Download): Promise<Download> {
    if (version === 'v4' || listed.files.length > 0) return listed;
    return withV3Results(listed);
  }

  async function refreshLinks(download: Download, listed?: Download): Promise<Download> {
    // The list already told a v3 request's status: only its files are read again.
    if (version === 'v3' && listed) return withV3Results(listed);
    return get(download.id);
  }

  async function cancel(id: string): Promise<Download> {
    if (!capabilitiesOf(version).cancel) throw v4Only('Cancelling a download');
    // The official reference answers with the download, the spec pages with {"message": ...}:
    // any 2xx means cancelled, and the download is read again for its real state.
    const answer = await send({ method: 'DELETE', path: `/downloads/${segment(id)}`, retry: false });
    try {
      return await get(id);
    } catch (err) {
      const fromAnswer = downloadIn(answer);
      if (fromAnswer) return fromAnswer;
      throw err;
    }
  }

  /** The download an answer carries, if it carries one. */
  function downloadIn(answer: HttpAnswer): Download | null {
    try {
      return normalizeDownload(JSON.parse(answer.text) as unknown, ctx);
    } catch {
      return null;
    }
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
    if (!capabilitiesOf(version).preview) throw v4Only('A preview of count and cost');
    // A search is billed per record it returns, so the count is asked for with one record
    // (one credit when anything matches), never with the user's count, which could cost up to
    // the preview limit or be refused above it.
    const answer = await send({
      method: 'POST',
      path: `/${segment(input.dataType)}/search`,
      body: searchBody({ ...input, numRecords: 1 }, false),
      retry: false,
    });
    const body = parseJsonAnswer(answer, redact);
    const numFound = isRecord(body)
      ? pickWith(body, ['num_found', 'numFound', 'estimated_total'], readCount)
      : null;
    if (!isRecord(body) || numFound === null) {
      throw badResponse('The Datafiniti API sent a preview without a record count', answer, redact);
    }
    // The answer's total_cost is the price of this one-record search, not of the download.
    return { numFound, totalCost: null };
  }

  async function startV4(input: NewDownloadInput): Promise<Download> {
    return startOnce(async () => {
      const answer = await send({
        method: 'POST',
        path: `/${segment(input.dataType)}/search`,
        body: searchBody(input, true),
        retry: false,
      });
      return oneDownload(answer, parseJsonAnswer(answer, redact));
    });
  }

  async function startV3(input: NewDownloadInput): Promise<Download> {
    const query: Record<string, string> = { q: input.query, format: input.format, download: 'true' };
    if (input.numRecords !== null && input.numRecords !== undefined)
      query['records'] = String(input.numRecords);
    if (input.view) query['view'] = input.view;
    // The start answers 303 with `Location: /v3/requests/{id}`. It is followed, and the request
    // it lands on is read: Electron's net.fetch cannot hand back a 3xx (with `redirect: 'manual'`
    // it rejects with "Redirect was cancelled", electron/electron#43715) and its Response.url is
    // documented as incorrect (docs/api/net.md), so the redirect's target is all it can give.
    return startOnce(async () => {
      const answer = await send({
        method: 'GET',
        path: `/data/${segment(input.dataType)}`,
        query,
        retry: false,
      });
      return oneDownload(answer, parseJsonAnswer(answer, redact));
    });
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
    completeListed,
    refreshLinks,
    account,
    verify,
  };
}
