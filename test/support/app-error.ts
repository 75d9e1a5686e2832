// The AppError a core call fails with, for tests that check its code and its words.
import { AppError } from '../../main/core/errors.js';

/** The AppError `p` rejects with; the test fails when `p` resolves, and rethrows any other error. */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw err;
  return err;
}
