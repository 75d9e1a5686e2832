// The AppError a core call fails with, for tests that check its code and its words.
import { AppError } from '../../main/core/errors.js';

/**
 * The AppError `p` rejects with, or that `fn` throws (for code that fails synchronously). The
 * test fails when the call succeeds, or fails with anything but an AppError.
 */
export function rejection(p: Promise<unknown>): Promise<AppError>;
export function rejection(fn: () => unknown): AppError;
export function rejection(call: Promise<unknown> | (() => unknown)): Promise<AppError> | AppError {
  if (typeof call !== 'function') return call.then(succeeded, appError);
  try {
    call();
  } catch (err) {
    return appError(err);
  }
  return succeeded();
}

function succeeded(): never {
  throw new Error('expected the call to fail with an AppError');
}

function appError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  throw new Error(`expected an AppError, got ${String(err)}`, { cause: err });
}
