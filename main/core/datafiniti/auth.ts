// Credentials on the wire. Tokens only ever travel in the Authorization header: the API also
// accepts an `api_key` query parameter, but a token in a URL ends up in logs and proxies.
import { AppError } from '../errors.js';
import { systemClock, type Clock, type FetchPort } from '../ports.js';
import type { ApiVersion } from '../../../preload/contract/index.js';
import { tokenSchema } from '../../../preload/contract/account-fields.js';
import { DEFAULT_HTTP, sendRequest } from './http.js';
import { isRecord, readString } from './json-values.js';
import { createRedactor } from './redact.js';

/** v3: Basic with the token as user name and an empty password; v4: Bearer. */
export function authorizationHeader(version: ApiVersion, token: string): string {
  return version === 'v3'
    ? `Basic ${Buffer.from(`${token}:`, 'utf8').toString('base64')}`
    : `Bearer ${token}`;
}

export interface AuthenticateOptions {
  /** The v4 base, e.g. `https://api.datafiniti.co/v4`. */
  baseUrl: string;
  email: string;
  password: string;
  fetch: FetchPort;
  /** Default 30 s. */
  timeoutMs?: number;
  clock?: Clock;
}

/**
 * Exchanges email and password for a v4 token (`POST /auth`). Never retried: a login is not
 * idempotent from the server's point of view (lock-outs). Wrong credentials reject with `auth`.
 */
export async function authenticate(options: AuthenticateOptions): Promise<string> {
  const redact = createRedactor([options.password]);
  const answer = await sendRequest(
    {
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      authorization: null,
      redact,
      clock: options.clock ?? systemClock,
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP.timeoutMs,
      maxRetries: 0,
      random: Math.random,
      backoffBaseMs: DEFAULT_HTTP.backoffBaseMs,
      backoffCapMs: DEFAULT_HTTP.backoffCapMs,
      maxRetryWaitMs: DEFAULT_HTTP.maxRetryWaitMs,
    },
    {
      method: 'POST',
      path: '/auth',
      body: { email: options.email, password: options.password },
      retry: false,
    },
  );
  // The body of a sign-in answer may hold a token under another name: never quote it in a message.
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const token = isRecord(body) ? readString(body['token']) : null;
  // Held to the rules of a pasted token: one with a line break or a space could never be sent
  // in an Authorization header, and would fail later looking like a network error.
  if (token === null || !tokenSchema.safeParse(token).success) {
    throw new AppError('bad-response', 'The Datafiniti sign-in answer held no usable token.', {
      status: answer.status,
    });
  }
  return token;
}
