// The preview reads the first records of a saved file from disk, through a real CSV parser,
// and stops there: a file whose tail is broken still previews.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText, RAW_LINE_COLUMN, readPreview } from '../../../main/core/files/preview-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dfd-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('CSV preview', () => {
  it('keeps quoted newlines, commas and quotes inside their cell', async () => {
    const p = file('a.csv', 'id,"note, long",city\n1,"two\nlines, ""quoted""",Austin\r\n2,plain,Boston\n');
    const preview = await readPreview(p, 'csv', 100);
    expect(preview).toEqual({
      columns: ['id', 'note, long', 'city'],
      rows: [
        ['1', 'two\nlines, "quoted"', 'Austin'],
        ['2', 'plain', 'Boston'],
      ],
      complete: true,
    });
  });

  it('stops after the limit without reading the rest of the file', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},"row\n${i}"`).join('\n');
    // An unterminated quote at the end would make a whole-file parse fail.
    const p = file('big.csv', `id,text\n${rows}\n999,"never closed\n${'x'.repeat(200_000)}`);
    const preview = await readPreview(p, 'csv', 100);
    expect(preview.rows).toHaveLength(100);
    expect(preview.rows[99]).toEqual(['99', 'row\n99']);
    expect(preview.complete).toBe(false);
  });

  it('pads short rows and names columns past the header', async () => {
    const p = file('ragged.csv', 'a,b\n1\n2,3,4\n');
    expect(await readPreview(p, 'csv', 100)).toEqual({
      columns: ['a', 'b', 'column 3'],
      rows: [
        ['1', '', ''],
        ['2', '3', '4'],
      ],
      complete: true,
    });
  });

  it('says when the file is gone', async () => {
    await expect(readPreview(path.join(dir, 'missing.csv'), 'csv', 10)).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('JSON lines preview', () => {
  it('flattens records to top-level fields and shows nested values as compact JSON', async () => {
    const p = file(
      'a.txt',
      [
        JSON.stringify({
          id: 'A1',
          name: 'Shop',
          address: { city: 'Austin', geo: [30.2, -97.7] },
          open: true,
        }),
        '',
        JSON.stringify({ id: 'A2', rating: 4.5, address: null, tags: ['x', 'y'] }),
        'not json at all',
      ].join('\n'),
    );
    const preview = await readPreview(p, 'json', 100);
    expect(preview.columns).toEqual(['id', 'name', 'address', 'open', 'rating', 'tags', RAW_LINE_COLUMN]);
    expect(preview.rows).toEqual([
      ['A1', 'Shop', '{"city":"Austin","geo":[30.2,-97.7]}', 'true', '', '', ''],
      ['A2', '', '', '', '4.5', '["x","y"]', ''],
      ['', '', '', '', '', '', 'not json at all'],
    ]);
    expect(preview.complete).toBe(true);
  });

  it('reads only up to the limit', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ n: i })).join('\n');
    const preview = await readPreview(file('many.txt', lines), 'json', 100);
    expect(preview.rows.map((r) => r[0])).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(preview.complete).toBe(false);
  });

  it('renders cells as text', () => {
    expect([cellText(null), cellText(0), cellText('a'), cellText({ a: [1] })]).toEqual([
      '',
      '0',
      'a',
      '{"a":[1]}',
    ]);
  });
});
