// The small set of failures a UI can act on. Every failure that crosses a module boundary is
// one of these, with a message a person can read and never a token. The kinds and the plain
// shape belong to the contract; AppError is the core's way to throw one.
import type { ErrorInfo, ErrorKind } from '../../preload/contract/errors.js';

export type { ErrorInfo, ErrorKind };

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
