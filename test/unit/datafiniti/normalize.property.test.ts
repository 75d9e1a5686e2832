// The normalizer must survive anything a server, proxy or future API version might send:
// random JSON and mutations of every real shape (fields deleted, retyped, nulled, huge numbers,
// NaN-like strings). 100,000+ payloads in all; no throw, and every result well-formed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Download, DownloadFile } from '../../../preload/contract/index.js';
import {
  normalizeDownload,
  normalizeDownloadList,
  normalizeV3Results,
} from '../../../main/core/datafiniti/normalize.js';
import { ALL_DOWNLOAD_SHAPES, v3Results } from './payload-samples.js';

const STATUSES = new Set(['queued', 'running', 'completed', 'failed', 'cancelled', 'unknown']);
const DATA_TYPES = new Set(['businesses', 'people', 'products', 'properties', null]);
const FORMATS = new Set(['csv', 'json', null]);

function isIsoOrNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  const time = new Date(value).getTime();
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}

function isCountOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function problemsOfFile(file: DownloadFile): string[] {
  const problems: string[] = [];
  if (typeof file.url !== 'string' || file.url.trim() === '') problems.push('file.url');
  if (typeof file.name !== 'string' || file.name === '') problems.push('file.name');
  if (!isIsoOrNull(file.expiresAt)) problems.push('file.expiresAt');
  return problems;
}

/** Every field of the model with the type it promises; an empty list means well-formed. */
function problemsOf(d: Download, ctx: { accountId: string; version: string }): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, field: string) => {
    if (!ok) problems.push(field);
  };
  check(typeof d.id === 'string' && d.id !== '', 'id');
  check(d.key === `${ctx.accountId}:${ctx.version}:${d.id}`, 'key');
  check(d.accountId === ctx.accountId && d.version === ctx.version, 'account');
  check(STATUSES.has(d.status), 'status');
  check(typeof d.rawStatus === 'string', 'rawStatus');
  check(DATA_TYPES.has(d.dataType), 'dataType');
  check(FORMATS.has(d.format), 'format');
  check(typeof d.query === 'string', 'query');
  check(d.view === null || typeof d.view === 'string', 'view');
  check(isCountOrNull(d.numRecords), 'numRecords');
  check(isCountOrNull(d.numDownloaded), 'numDownloaded');
  check(isCountOrNull(d.numFound), 'numFound');
  check(isCountOrNull(d.cost), 'cost');
  check(
    d.progress === null || (typeof d.progress === 'number' && d.progress >= 0 && d.progress <= 1),
    'progress',
  );
  check(isIsoOrNull(d.startedAt), 'startedAt');
  check(isIsoOrNull(d.updatedAt), 'updatedAt');
  check(isIsoOrNull(d.completedAt), 'completedAt');
  check(d.error === null || (typeof d.error === 'string' && d.error !== ''), 'error');
  check(Array.isArray(d.files), 'files');
  if (Array.isArray(d.files)) for (const f of d.files) problems.push(...problemsOfFile(f));
  return problems;
}

const CTX = { accountId: 'acct', version: 'v4' } as const;

function assertWellFormed(raw: unknown): void {
  const one = normalizeDownload(raw, CTX);
  if (one !== null) expect(problemsOf(one, CTX)).toEqual([]);
  const list = normalizeDownloadList(raw, CTX);
  expect(Array.isArray(list)).toBe(true);
  for (const d of list) expect(problemsOf(d, CTX)).toEqual([]);
  expect(new Set(list.map((d) => d.key)).size).toBe(list.length);
  for (const f of normalizeV3Results(raw)) expect(problemsOfFile(f)).toEqual([]);
}

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    'undefined',
    'null',
    '1e999',
    '-0',
    '0x10',
    '9'.repeat(400),
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER * 1024,
    -1,
    0,
    1e-300,
    '2017-13-45 99:99:99',
    '2017-1-1 0:0:0',
    '+275760-09-13T00:00:00.000Z',
    '9999-12-31T23:59:59.999-23:59',
    '0000-01-01T00:00:00+23:59',
    'https://h/%E0%A4%A.csv?X-Amz-Date=20990101T000000Z&X-Amz-Expires=99999999999999999999',
    'https://h/?Expires=99999999999999999999',
    '/relative/path_1.csv?Expires=1',
    '%%%',
    { url: null },
    { url: 'https://h/a_1.csv' },
    [],
    {},
    [[]],
    true,
  ),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.jsonValue({ maxDepth: 2 }),
);

type Mutation =
  | { op: 'delete'; key: string }
  | { op: 'set'; key: string; value: unknown }
  | { op: 'results'; value: unknown };

function mutationsFor(base: Record<string, unknown>): fc.Arbitrary<Mutation[]> {
  const keys = [...Object.keys(base), 'id', '_id', 'status', 'error', 'results', 'records', '__proto__'];
  const key = fc.constantFrom(...keys);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), key }),
    fc.record({ op: fc.constant('set' as const), key, value: nastyValue }),
    fc.record({ op: fc.constant('results' as const), value: fc.array(nastyValue, { maxLength: 4 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 6 });
}

function applyMutations(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  for (const m of mutations) {
    if (m.op === 'delete') delete copy[m.key];
    else if (m.op === 'set')
      Object.defineProperty(copy, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy['results'] = m.value;
  }
  return copy;
}

/** Wraps a payload the ways the API does: bare, array of one, list wrapper, bare list. */
const wrapping = fc.constantFrom(
  (x: unknown) => x,
  (x: unknown) => [x],
  (x: unknown) => ({ num_found: 1, records: [x, x] }),
  (x: unknown) => [x, 'junk', null, x],
  (x: unknown) => ({ records: x }),
);

describe('normalizer never throws and always returns a well-formed model', () => {
  it('random JSON values (40,000)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (raw) => assertWellFormed(raw)),
      { numRuns: 40_000 },
    );
  });

  for (const [name, base] of Object.entries(ALL_DOWNLOAD_SHAPES)) {
    it(`mutations of the ${name} shape (15,000)`, () => {
      fc.assert(
        fc.property(mutationsFor(base), wrapping, (mutations, wrap) =>
          assertWellFormed(wrap(applyMutations(base, mutations))),
        ),
        { numRuns: 15_000 },
      );
    });
  }

  it('mutations of v3 results (5,000)', () => {
    const base = v3Results[0] as Record<string, unknown>;
    fc.assert(
      fc.property(mutationsFor(base), wrapping, (mutations, wrap) =>
        assertWellFormed(wrap(applyMutations(base, mutations))),
      ),
      { numRuns: 5_000 },
    );
  });
});
