// One request to the API: auth header, a time-out on every attempt, retries with back-off for
// idempotent GETs, and every failure as an AppError.
//
// Two kinds of time: request time-outs use the runtime's real timers, because a request waits
// on real I/O and a virtual clock (tests) only moves when told to, so a hung request would never
// time out. Waits *between* retries use the injected Clock, so tests can skip a 30 s
// `Retry-After` in no time and the UI's countdown agrees with the monitor's clock.
import { AppError } from '../errors.js';
import type { Clock, FetchPort } from '../ports.js';
import type { RetryWait } from './client-types.js';
import { errorFromResponse, type HttpAnswer } from './errors-from-response.js';
import type { Redactor } from './redact.js';
import { backoffDelay, sleep } from '../backoff.js';

export interface HttpSettings {
  baseUrl: string;
  fetch: FetchPort;
  /** The `Authorization` header value, or null (POST /auth). */
  authorization: string | null;
  redact: Redactor;
  clock: Clock;
  timeoutMs: number;
  maxRetries: number;
  random: () => number;
  onRetryWait?: ((wait: RetryWait) => void) | undefined;
  /** First back-off step; doubles per retry up to `backoffCapMs` (full jitter). */
  backoffBaseMs: number;
  backoffCapMs: number;
  /**
   * A server asking for a longer pause than this is not waited for inside the call: the error
   * surfaces at once (kind `rate-limited`, `detail.retryAt`) and the caller schedules the retry.
   */
  maxRetryWaitMs: number;
  /** Largest answer read (default MAX_ANSWER_BYTES); a bigger one fails as too large. */
  maxAnswerBytes?: number;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL, e.g. `/downloads/12`. */
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Only idempotent requests may be retried; a POST or DELETE repeated blindly could start or cancel twice. */
  retry: boolean;
  /** Largest answer this request may read (default MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

export const DEFAULT_HTTP = {
  timeoutMs: 30_000,
  maxRetries: 3,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
  maxRetryWaitMs: 120_000,
} as const;

/**
 * The biggest API answer read into memory, for every answer but the download list. A download,
 * an account page or a preview is a few kB; an answer past this is a proxy or server fault, and
 * reading it whole could take gigabytes (a 600 MB body cost 1.3 GB; unbounded, the app died).
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * The download list has no pagination: it holds every download the account ever started, at
 * 1-3 kB each, so 50,000 of them (the scale bench) come to about 50-150 MB. 256 MB leaves room
 * for that and still stops a runaway body long before memory does.
 */
export const MAX_LIST_ANSWER_BYTES = 256 * 1024 * 1024;

const isSuccess = (status: number) => status >= 200 && status < 300;

function tooLarge(limit: number): AppError {
  const mb = Math.round(limit / (1024 * 1024));
  return new AppError(
    'bad-response',
    `The Datafiniti API's answer was too large (over ${mb} MB), so it was not read. A proxy or a server fault may be sending it; try again later.`,
    { limitBytes: limit },
    false,
  );
}

/** The body as text, read as a stream and given up (connection aborted) past `limit` bytes. */
async function readCapped(response: Response, limit: number, controller: AbortController): Promise<string> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    controller.abort();
    throw tooLarge(limit);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      controller.abort();
      void reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, string>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
  return `${base}${path}${search}`;
}

function errorCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return null;
}

/** fetch wraps the real reason ("ECONNRESET", "bad port") in a generic "fetch failed". */
function innermostMessage(err: unknown): string {
  let current: unknown = err;
  let message = String(err);
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    message = current.message;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return message;
}

function transportError(err: unknown, timedOut: boolean, settings: HttpSettings): AppError {
  if (timedOut) {
    const seconds = Math.max(1, Math.round(settings.timeoutMs / 100) / 10);
    return new AppError('timeout', `The Datafiniti API did not answer within ${seconds} s.`, {
      timeoutMs: settings.timeoutMs,
    });
  }
  const code = errorCode(err);
  const reason = code ?? innermostMessage(err);
  return new AppError('network', settings.redact(`Could not reach the Datafiniti API (${reason}).`), {
    code: code ?? null,
  });
}

/** One attempt: the whole exchange, body included, runs under a real-timer time-out. */
async function attemptOnce(settings: HttpSettings, request: ApiRequest, url: string): Promise<HttpAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (settings.authorization !== null) headers['Authorization'] = settings.authorization;
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  try {
    const response = await settings.fetch(url, {
      method: request.method,
      headers,
      body,
      signal: controller.signal,
      // Redirects are followed: Electron's net.fetch cannot hand back a 3xx (see client.ts, startV3).
      redirect: 'follow',
    });
    const limit = settings.maxAnswerBytes ?? request.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    const text = await readCapped(response, limit, controller);
    return { status: response.status, headers: response.headers, text };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw transportError(err, timedOut, settings);
  } finally {
    clearTimeout(timer);
  }
}

function backoffMs(settings: HttpSettings, retry: number, jitter: boolean): number {
  return backoffDelay(retry + 1, settings.random, {
    baseMs: settings.backoffBaseMs,
    capMs: settings.backoffCapMs,
    jitter: jitter ? 'full' : 'none',
  });
}

/** What the server asked to wait; a wait of zero or less is no wait asked (normal back-off). */
function serverWaitMs(error: AppError): number | null {
  const value = error.detail?.['retryAfterMs'];
  return typeof value === 'number' && value > 0 ? value : null;
}

/** The same error with `detail.retryAt` set, so a caller always knows when to try again. */
function withRetryAt(error: AppError, retryAt: number): AppError {
  if (error.code !== 'rate-limited' || typeof error.detail?.['retryAt'] === 'string') return error;
  return new AppError(
    error.code,
    error.message,
    { ...error.detail, retryAt: new Date(retryAt).toISOString() },
    error.retryable,
  );
}

/**
 * Sends the request and returns the answer when its status is a success (2xx). Anything else throws
 * an AppError, after retrying when the request is idempotent and the failure transient.
 */
export async function sendRequest(settings: HttpSettings, request: ApiRequest): Promise<HttpAnswer> {
  const url = buildUrl(settings.baseUrl, request.path, request.query);
  for (let retry = 0; ; retry++) {
    let error: AppError;
    try {
      const answer = await attemptOnce(settings, request, url);
      if (isSuccess(answer.status)) return answer;
      error = errorFromResponse(answer, { now: settings.clock.now(), redact: settings.redact });
    } catch (err) {
      error =
        err instanceof AppError
          ? err
          : new AppError('internal', settings.redact(err instanceof Error ? err.message : String(err)));
    }
    const asked = serverWaitMs(error);
    const jittered = asked ?? backoffMs(settings, retry, true);
    // A server that asked us to slow down is never called again sooner than the first back-off
    // step: `Retry-After: 0`, a date already past by our clock, or a jitter draw near zero
    // would otherwise turn into back-to-back calls.
    const wait = error.code === 'rate-limited' ? Math.max(settings.backoffBaseMs, jittered) : jittered;
    const canRetry = request.retry && error.retryable && retry < settings.maxRetries;
    if (!canRetry || wait > settings.maxRetryWaitMs) {
      // Without a server-given time, suggest the un-jittered back-off step as the earliest retry.
      throw withRetryAt(error, settings.clock.now() + (asked ?? backoffMs(settings, retry, false)));
    }
    const retryAt = settings.clock.now() + wait;
    try {
      settings.onRetryWait?.({ retryAt, attempt: retry + 1, error: withRetryAt(error, retryAt) });
    } catch {
      // A failing countdown display must not turn into a failed request.
    }
    await sleep(settings.clock, wait);
  }
}
