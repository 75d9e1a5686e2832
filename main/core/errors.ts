// The small set of failures a UI can act on. Every failure that crosses a module boundary is
// one of these, with a message a person can read and never a token.

/** Every kind, once: the type below and the renderer's check of what crossed the bridge. */
export const ERROR_KINDS = [
  'auth', // token wrong, inactive or expired: ask the user to sign in again
  'payment', // the account's payment information needs attention
  'not-found',
  'rejected', // the API refused the request itself (bad query, invalid type, preview limit)
  'rate-limited', // 429/503: wait until retryAt
  'server', // 5xx
  'network', // refused, reset, DNS, offline
  'timeout',
  'bad-response', // HTML page, malformed JSON, unexpected shape
  'keychain', // no OS keychain reachable
  'expired', // result links expired and no fresh ones could be had
  'disk', // full disk, permission denied
  'cancelled',
  'invalid-input',
  'forbidden', // a call that did not come from the app's own window
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorInfo {
  code: ErrorKind;
  message: string;
  retryable: boolean;
  /** HTTP status, retry time, expiry time... plain data only. */
  detail?: Record<string, string | number | boolean | null>;
}

const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['rate-limited', 'server', 'network', 'timeout']);

export class AppError extends Error {
  readonly code: ErrorKind;
  readonly retryable: boolean;
  readonly detail: Record<string, string | number | boolean | null> | undefined;

  constructor(
    code: ErrorKind,
    message: string,
    detail?: Record<string, string | number | boolean | null>,
    retryable = RETRYABLE.has(code),
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.retryable = retryable;
    this.detail = detail;
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

/** Turns anything thrown into ErrorInfo without leaking stacks across the bridge. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'Something went wrong.', retryable: false };
}
