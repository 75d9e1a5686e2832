// The renderer may only reveal or open what the app itself saved: a path inside the folder of
// a save job. Anything else could make the app open an arbitrary file or program.
import path from 'node:path';
import type { SaveJob } from '../../../preload/contract/index.js';
import { AppError } from '../errors.js';

export function assertSavedPath(
  target: string,
  jobs: readonly SaveJob[],
  /** Single files the app wrote outside a save folder ("Export list"). */
  files: readonly string[] = [],
): string {
  const resolved = path.resolve(target);
  const inside =
    files.some((f) => path.resolve(f) === resolved) ||
    jobs.some((job) => {
      const folder = path.resolve(job.folder);
      return resolved === folder || resolved.startsWith(folder + path.sep);
    });
  if (!inside) {
    throw new AppError('invalid-input', 'Only files and folders saved by this app can be opened from here.');
  }
  return resolved;
}
