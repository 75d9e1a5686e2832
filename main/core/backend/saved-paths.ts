// The renderer may only reveal or open what the app itself saved: a path inside the folder of
// a save job. Anything else could make the app open an arbitrary file or program, and so could
// a link put inside the folder after the save (to a program, or to a file elsewhere): the path
// must be inside the folder as the disk resolves it too.
import { realpathSync } from 'node:fs';
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
  // The folder (or, for an exported file, its folder) the path is allowed under.
  const bases = [
    ...files.filter((f) => path.resolve(f) === resolved).map((f) => path.dirname(path.resolve(f))),
    ...jobs
      .map((job) => path.resolve(job.folder))
      .filter((folder) => resolved === folder || resolved.startsWith(folder + path.sep)),
  ];
  if (bases.length === 0) {
    throw new AppError('invalid-input', 'Only files and folders saved by this app can be opened from here.');
  }
  const real = realPath(resolved);
  if (real === null) {
    throw new AppError('not-found', `${resolved} is no longer there: it was moved or deleted.`);
  }
  // No link between the folder and the target: resolved, the path is the same below the folder.
  const unlinked = bases.some((base) => {
    const realBase = realPath(base);
    return realBase !== null && real === path.join(realBase, path.relative(base, resolved));
  });
  if (!unlinked) {
    throw new AppError(
      'invalid-input',
      `${resolved} is now a link to something else, not what the app saved, so it is not opened.`,
    );
  }
  return resolved;
}

function realPath(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}
