import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, generatedFile, type FileContentSpec } from './content.js';

function bytesOf(spec: FileContentSpec, start?: number, end?: number): Buffer {
  return Buffer.concat([...generatedFile(spec).chunks(start, end)]);
}

const csvSpec: FileContentSpec = {
  key: 'seed:1:1',
  format: 'csv',
  dataType: 'businesses',
  records: 1234,
  bytesPerRecord: 200,
};

describe('generated result files', () => {
  it('CSV has a header and exactly the promised records, with commas and newlines inside quotes', () => {
    const text = bytesOf(csvSpec).toString('utf8');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1234);
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows.some((r) => (r.description ?? '').includes('\n'))).toBe(true);
    expect(rows.some((r) => (r.address ?? '').includes(','))).toBe(true);
    // A naive line count would be wrong, which is the point.
    expect(text.split('\n').length - 1).toBeGreaterThan(1235);
  });

  it('JSON is NDJSON: one parseable record per line', () => {
    const spec: FileContentSpec = { ...csvSpec, format: 'json', dataType: 'products', records: 321 };
    const lines = bytesOf(spec).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(321);
    const first = JSON.parse(lines[0] ?? '') as Record<string, string>;
    expect(first.dataType).toBe('product');
    expect(first.description).toContain('\n');
  });

  it('has a size that is header + records x fixed record size, and honours bytesPerRecord', () => {
    const file = generatedFile({ ...csvSpec, bytesPerRecord: 500 });
    expect(file.recordSize).toBe(500);
    expect(file.size).toBe(CSV_COLUMNS.join(',').length + 1 + 1234 * 500);
    expect(bytesOf({ ...csvSpec, bytesPerRecord: 500 })).toHaveLength(file.size);
    // Too small a request is raised to what a record needs.
    expect(generatedFile({ ...csvSpec, bytesPerRecord: 10 }).recordSize).toBeGreaterThan(100);
  });

  it('serves any byte range identical to the same slice of the whole file', () => {
    const whole = bytesOf(csvSpec);
    for (const [start, end] of [
      [0, 10],
      [5, 70_000],
      [65_000, 65_600],
      [whole.length - 17, whole.length],
      [123_457, 200_001],
    ] as const) {
      expect(bytesOf(csvSpec, start, end).equals(whole.subarray(start, end))).toBe(true);
    }
  });

  it('is deterministic per key and differs between keys', () => {
    expect(bytesOf(csvSpec).equals(bytesOf(csvSpec))).toBe(true);
    expect(bytesOf(csvSpec).equals(bytesOf({ ...csvSpec, key: 'seed:1:2' }))).toBe(false);
  });

  it('uses the MD5 as ETag for small files and a multipart-style tag for multi-GiB ones, without generating them', () => {
    const small = generatedFile(csvSpec);
    expect(small.etag()).toBe(`"${createHash('md5').update(bytesOf(csvSpec)).digest('hex')}"`);
    const big = generatedFile({ ...csvSpec, records: 5000, bytesPerRecord: 1024 * 1024 });
    expect(big.size).toBeGreaterThan(4 * 1024 ** 3);
    expect(big.etag()).toMatch(/^"[0-9a-f]{32}-\d+"$/);
    const tail = Buffer.concat([...big.chunks(big.size - 3000)]);
    expect(tail).toHaveLength(3000);
    expect(tail.at(-1)).toBe(0x0a);
  });
});
