// The renderer reads every bound from the contract's limits; it restates none. A number typed
// into a view drifts from the schema the backend enforces (it did: 5–3600 s, 8 files, 168 h).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, NUM_RECORDS_LIMITS, SETTINGS_LIMITS } from '../../../preload/contract/limits.js';
import { newDownloadInput } from '../../../preload/contract/method-schemas.js';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../preload/contract/settings-schema.js';

const root = resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Bounds too distinctive to be anything else wherever they appear (86 400 could be a day). */
const DISTINCTIVE = new Set<number>([NUM_RECORDS_LIMITS.max, MAX_QUERY_CHARS]);

/**
 * Bounds a source restates: a `min`/`max` attribute or property holding a number literal (equal
 * to the contract's bound, or already drifted from it), and a distinctive bound written anywhere. A `<progress>`
 * element's `max` is its scale, not a limit.
 */
export function restatedBounds(source: string): string[] {
  const found: string[] = [];
  const code = source.replace(/<progress\b[^>]*>/g, '');
  for (const m of code.matchAll(/\b(min|max)\s*[=:]\s*["'{]?\s*(\d[\d_]*)\b/g)) found.push(m[0]);
  for (const m of code.matchAll(/(?<![\w.#-])(\d[\d_]{2,})(?![\w.])/g)) {
    if (DISTINCTIVE.has(Number(m[1]!.replace(/_/g, '')))) found.push(m[0]);
  }
  return found;
}

describe('limits live in the contract', () => {
  it('the check finds a restated bound in every form a view has used', () => {
    expect(restatedBounds(`{ key: 'parallelFiles', min: 1, max: 16, unit: 'files' }`)).toHaveLength(2);
    expect(restatedBounds(`<input type="number" min="1" step="1" />`)).toHaveLength(1);
    expect(restatedBounds(`return n >= 1 && n <= 100_000_000 ? n : NaN;`)).toHaveLength(1);
    expect(restatedBounds(`<input max={600} />`)).toHaveLength(1);
    expect(restatedBounds(`{ key: 'pollFastSeconds', min: 5, max: 3600 }`)).toHaveLength(2);
    expect(restatedBounds(`if (query.length > 20000) return;`)).toHaveLength(1);
    expect(restatedBounds(`<input min={NUM_RECORDS_LIMITS.min} />`)).toEqual([]);
    expect(restatedBounds(`<progress class="bar" max="1" value={v}></progress>`)).toEqual([]);
    expect(restatedBounds(`toasts.show(text, 'error', 10_000)`)).toEqual([]);
  });

  it('no renderer file restates a bound of the settings or argument schemas', () => {
    const offenders = sourceFiles(join(root, 'renderer/src')).flatMap((file) =>
      restatedBounds(readFileSync(file, 'utf8')).map((hit) => `${relative(root, file)}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the schemas enforce exactly the limits the renderer reads', () => {
    for (const [key, { min, max }] of Object.entries(SETTINGS_LIMITS)) {
      // The fast interval as short and the idle one as long as allowed, so that only the bound
      // under test can fail (the fast one may not exceed the idle one).
      const base = {
        ...DEFAULT_SETTINGS,
        pollFastSeconds: SETTINGS_LIMITS.pollFastSeconds.min,
        pollSlowSeconds: SETTINGS_LIMITS.pollSlowSeconds.max,
      };
      const at = (value: number) => settingsSchema.safeParse({ ...base, [key]: value }).success;
      expect([at(min - 1), at(min), at(max), at(max + 1)], key).toEqual([false, true, true, false]);
    }
    const records = (n: number) =>
      newDownloadInput.safeParse({
        accountId: 'a',
        dataType: 'products',
        query: 'q',
        format: 'csv',
        numRecords: n,
      }).success;
    expect([records(NUM_RECORDS_LIMITS.max), records(NUM_RECORDS_LIMITS.max + 1)]).toEqual([true, false]);
  });
});
