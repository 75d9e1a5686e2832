// Never overwrite a file this app did not start: when `name` (or its `.part`) is taken in the
// folder, or by another file of the same save, pick `name (2).ext`, `name (3).ext`, ...
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PART_SUFFIX = '.part';

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
    if (existsSync(full) || existsSync(full + PART_SUFFIX)) continue;
    return candidate;
  }
}

/** True when `candidate` resolves to a path strictly inside `folder` (defence in depth). */
export function isInside(folder: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(candidate));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
