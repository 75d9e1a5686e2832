/**
 * Authentication: v3 Basic base64("token:"), v4 Bearer. Rejections come in the variants seen
 * in the wild (see `AuthFailureVariant`), chosen deterministically so tests can cover each.
 * The `api_key` query parameter is deliberately ignored: a token in a URL leaks into logs.
 */
import { apiError } from './dialects.js';
import { send, type RequestContext } from './http.js';
import type { AccountRecord } from './state.js';
import type { ApiVersion, AuthFailureVariant, RequestLogEntry } from './types.js';

export const AUTH_FAILURE_ROTATION: readonly AuthFailureVariant[] = [
  'invalid-token-401',
  'unauthorized-text-401',
  'invalid-user-token-400',
];

export function authKind(header: string | undefined): RequestLogEntry['auth'] {
  if (!header) return 'none';
  if (/^basic\s/i.test(header)) return 'basic';
  if (/^bearer\s/i.test(header)) return 'bearer';
  return 'other';
}

/** The token carried in the scheme this API version uses, or undefined. */
export function tokenFrom(header: string | undefined, version: ApiVersion): string | undefined {
  if (!header) return undefined;
  if (version === 'v4') {
    const m = /^bearer\s+(.+)$/i.exec(header.trim());
    return m?.[1];
  }
  const m = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(0, colon) : decoded;
}

function nextVariant(ctx: RequestContext): AuthFailureVariant {
  const { state } = ctx;
  if (state.authFailure !== 'rotate') return state.authFailure;
  const variant = AUTH_FAILURE_ROTATION[state.authFailureCount % AUTH_FAILURE_ROTATION.length];
  state.authFailureCount += 1;
  return variant ?? 'invalid-token-401';
}

export function rejectToken(ctx: RequestContext): void {
  const variant = nextVariant(ctx);
  const { dialect } = ctx.state;
  if (variant === 'unauthorized-text-401') {
    send(ctx, 401, 'text/plain; charset=utf-8', 'Unauthorized');
    return;
  }
  const e =
    variant === 'invalid-token-401'
      ? apiError(dialect, 401, 'Invalid token.')
      : apiError(dialect, 400, 'An invalid user token was provided.');
  send(ctx, e.status, e.contentType, e.body);
}

/** The caller's account, or undefined after an error response has been sent. */
export function authenticate(ctx: RequestContext, version: ApiVersion): AccountRecord | undefined {
  const token = tokenFrom(ctx.req.headers.authorization, version);
  const account = token ? ctx.state.accountByToken(token) : undefined;
  if (!account) {
    rejectToken(ctx);
    return undefined;
  }
  if (account.inactive) {
    const e = apiError(ctx.state.dialect, 400, 'An inactive user token was provided.');
    send(ctx, e.status, e.contentType, e.body);
    return undefined;
  }
  return account;
}
