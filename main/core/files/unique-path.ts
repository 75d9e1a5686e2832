// Never overwrite a file this app did not start: when `name` (or its partial file) is taken in
// the folder, or by another file of the same save, pick `name (2).ext`, `name (3).ext`, ...
//
// Partial files live in a hidden folder inside the save folder. A sanitised result name never
// starts with a dot (sanitize-name.ts strips leading dots), so no result file can ever be named
// like that folder or land inside it: a result called `report.csv.part` cannot collide with the
// partial file of `report.csv`.
import { existsSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';

export const PART_SUFFIX = '.part';
export const PARTIAL_DIR = '.partial';

/** Where the bytes of `name` collect until the file is complete and verified. */
export function partialPath(folder: string, name: string): string {
  return path.join(folder, PARTIAL_DIR, name + PART_SUFFIX);
}

/** Makes the partial folder before a partial file is opened in it. */
export async function makePartialDir(folder: string): Promise<void> {
  await mkdir(path.join(folder, PARTIAL_DIR), { recursive: true });
}

/** The partial folder goes once nothing is left in it (rmdir refuses otherwise). */
export async function removePartialDirIfEmpty(folder: string): Promise<void> {
  await rmdir(path.join(folder, PARTIAL_DIR)).catch(() => {});
}

/** `report.csv` + 2 -> `report (2).csv`; `archive` + 3 -> `archive (3)`. */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/**
 * The first free variant of `name` in `folder`. `taken` holds names already promised to other
 * files of the same job; it is compared case-insensitively because macOS and Windows are.
 */
export function uniqueName(folder: string, name: string, taken: ReadonlySet<string> = new Set()): string {
  const takenLower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = numberedName(name, n);
    if (takenLower.has(candidate.toLowerCase())) continue;
    const full = path.join(folder, candidate);
    // A `.part` beside it may be a partial file of some other program (or of an older version
    // of this app): not ours to resume or overwrite.
    if (existsSync(full) || existsSync(full + PART_SUFFIX) || existsSync(partialPath(folder, candidate)))
      continue;
    return candidate;
  }
}

/** True when `candidate` resolves to a path strictly inside `folder` (defence in depth). */
export function isInside(folder: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(candidate));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
