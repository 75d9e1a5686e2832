// HTTP answers the API refused, turned into the AppError kinds the UI acts on. The message is
// the API's own words when it sent any (in either dialect), else the status and the start of
// the body, so a proxy's HTML page still tells the user something.
import { AppError, type ErrorKind } from '../errors.js';
import { isRecord } from './json-values.js';
import type { Redactor } from './redact.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const SNIPPET_CHARS = 200;

/** The API's message: `{errors:[...]}` (official) or `{error, message, code, details}` (spec pages). */
export function apiMessageOf(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body === 'string') return body.trim() || null;
  if (!isRecord(body)) return null;
  const errors = body['errors'];
  if (Array.isArray(errors)) {
    const messages = errors
      .map((e) =>
        typeof e === 'string' ? e : isRecord(e) && typeof e['message'] === 'string' ? e['message'] : '',
      )
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (messages.length > 0) return messages.join(' ');
  }
  for (const key of ['message', 'error', 'detail']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}

/** The body's start as one line; an HTML page loses its tags so the words are readable. */
export function bodySnippet(text: string): string {
  const words = looksLikeHtml(text) ? text.replace(/<[^>]*>/g, ' ') : text;
  return words.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}

export function statusMessage(status: number, text: string): string {
  const snippet = bodySnippet(text);
  return snippet === '' ? `HTTP ${status}` : `HTTP ${status}: ${snippet}`;
}

/**
 * Milliseconds to wait from `Retry-After` (delay-seconds or an HTTP date), or null when absent
 * or unreadable. A date in the past means "now". A date is the server's clock: it is measured
 * against the answer's own `Date` header when there is one (RFC 9110 §6.6.1, §10.2.3), so a
 * machine whose clock is days off neither waits days nor ignores the wait.
 */
export function retryAfterMs(
  header: string | null,
  now: number,
  serverDate: string | null = null,
): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return null;
  const sent = serverDate === null ? NaN : Date.parse(serverDate);
  return Math.max(0, at - (Number.isFinite(sent) ? sent : now));
}

// "An invalid user token was provided.", "Invalid token.", "Token expired": but not a query
// syntax error such as 'unexpected token "INVALID"'.
const AUTH_MESSAGE =
  /\b(invalid|inactive|expired|missing|bad)\s+(user\s+|api\s+|access\s+)?token\b|\btoken\s+(is\s+|was\s+|has\s+)?(invalid|inactive|expired|not valid)\b/i;

function kindOf(status: number, message: string | null, text: string, retryAfter: number | null): ErrorKind {
  if (status === 401 || /^\s*unauthorized\s*$/i.test(text)) return 'auth';
  if ((status === 400 || status === 403) && message !== null && AUTH_MESSAGE.test(message)) return 'auth';
  if (status === 403 && message !== null && /payment/i.test(message)) return 'payment';
  if (status === 404) {
    // The API answers an unknown data type with 404 too; that is a refused request, not a missing download.
    return message !== null && /not a valid data.?type/i.test(message) ? 'rejected' : 'not-found';
  }
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  // A 503 with Retry-After is the server asking us to slow down; without one it is an outage.
  if (status === 503) return retryAfter !== null ? 'rate-limited' : 'server';
  if (status >= 500) return 'server';
  if (status >= 400) return 'rejected';
  return 'bad-response';
}

export interface ErrorContext {
  now: number;
  redact: Redactor;
}

/** The AppError for an answer that was not a success. `detail.retryAt` (ISO) when the server said when. */
export function errorFromResponse(answer: HttpAnswer, ctx: ErrorContext): AppError {
  const message = apiMessageOf(answer.text);
  const retryAfter = retryAfterMs(answer.headers.get('retry-after'), ctx.now, answer.headers.get('date'));
  const kind = kindOf(answer.status, message, answer.text, retryAfter);
  const detail: Record<string, string | number | boolean | null> = { status: answer.status };
  // A wait of zero (or a date already past by our clock) tells us nothing about when: the
  // caller's normal back-off decides, not a retry time of "now".
  if (retryAfter !== null && retryAfter > 0 && (kind === 'rate-limited' || kind === 'server')) {
    detail['retryAt'] = new Date(ctx.now + retryAfter).toISOString();
    detail['retryAfterMs'] = retryAfter;
  }
  const text =
    message ??
    (kind === 'auth' ? `HTTP ${answer.status}: Unauthorized` : statusMessage(answer.status, answer.text));
  return new AppError(kind, ctx.redact(text), detail);
}

/** A success status whose body is unusable (HTML, malformed JSON, wrong shape). */
export function badResponse(what: string, answer: HttpAnswer, redact: Redactor): AppError {
  return new AppError('bad-response', redact(`${what} (${statusMessage(answer.status, answer.text)})`), {
    status: answer.status,
  });
}
