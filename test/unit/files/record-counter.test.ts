import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecordCounter } from '../../../main/core/files/record-counter.js';

function countIn(text: string, format: 'csv' | 'json', cuts: number[] = []): number {
  const counter = createRecordCounter({ format });
  const bytes = Buffer.from(text);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    counter.push(bytes.subarray(from, cut));
    from = cut;
  }
  counter.push(bytes.subarray(from));
  return counter.count();
}

/** The oracle: csv-parse, the streaming parser's rules, minus the header row. */
function csvParseCount(text: string): number {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as unknown[];
  return Math.max(0, rows.length - 1);
}

const field = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => s.replace(/["\r\n,]/g, '')),
  fc.string({ maxLength: 12 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  fc.constantFrom('"a\nb"', '"x, ""y"""', '"\r\n"', '""', '"line1\nline2\n"'),
);
const record = fc.array(field, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(','));

describe('record counter', () => {
  it('counts CSV records with quoted newlines, commas and doubled quotes, without the header', () => {
    const csv = 'id,desc\n1,"a\nb"\n2,"say ""hi"", then\nleave"\r\n3,plain\n';
    expect(countIn(csv, 'csv')).toBe(3);
    expect(countIn(csv, 'csv', [3, 10, 11, 25, 40])).toBe(3);
    expect(countIn('id\n1\n2', 'csv')).toBe(2);
    expect(countIn('id\n\n1\n\n', 'csv')).toBe(1);
    expect(countIn('', 'csv')).toBe(0);
  });

  it('agrees with csv-parse on random CSV split into random chunks', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (records, eol, trailing, rawCuts) => {
          const text = records.join(eol) + (trailing ? eol : '');
          const length = Buffer.byteLength(text);
          const cuts = rawCuts.map((c) => (length === 0 ? 0 : c % length));
          expect(countIn(text, 'csv', cuts)).toBe(csvParseCount(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts NDJSON non-empty lines', () => {
    expect(countIn('{"a":1}\n{"a":2}\n\n{"a":3}', 'json', [4, 9])).toBe(3);
    expect(countIn('{"a":"x"}\r\n{"a":"\\"quoted\\""}\r\n', 'json')).toBe(2);
    expect(countIn('', 'json')).toBe(0);
  });
});
