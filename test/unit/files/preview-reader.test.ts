// The preview reads the first records of a saved file from disk, through a real CSV parser,
// and stops there: a file whose tail is broken still previews.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cellText,
  MAX_PREVIEW_BYTES,
  MAX_RECORD_BYTES,
  RAW_LINE_COLUMN,
  readPreview,
} from '../../../main/core/files/preview-reader.js';

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
      columnCount: 3,
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
      columnCount: 3,
      rows: [
        ['1', '', ''],
        ['2', '3', '4'],
      ],
      complete: true,
    });
  });

  it('shows the first columns of a file with 100,000 and says how many there are', async () => {
    const width = 100_000;
    const row = (r: number): string => Array.from({ length: width }, (_, i) => `${r}.${i}`).join(',');
    const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    const p = file('wide.csv', `${header}\n${row(1)}\n${row(2)}\n`);
    const preview = await readPreview(p, 'csv', 100, 200);
    expect(preview.columnCount).toBe(width);
    expect(preview.columns).toEqual(Array.from({ length: 200 }, (_, i) => `c${i}`));
    expect(preview.rows.map((r) => [r.length, r[0], r[199]])).toEqual([
      [200, '1.0', '1.199'],
      [200, '2.0', '2.199'],
    ]);
    const objects = [1, 2].map((r) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, r]))),
    );
    const json = await readPreview(file('wide.txt', objects.join('\n')), 'json', 100, 200);
    expect([json.columnCount, json.columns.length, json.columns.at(-1), json.rows[1]!.length]).toEqual([
      5000,
      200,
      'f199',
      200,
    ]);
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

  it('reads the first record after a byte-order mark as a record', async () => {
    const preview = await readPreview(file('bom.txt', '\ufeff{"id":"A1"}\r\n{"id":"A2"}\r\n'), 'json', 100);
    expect(preview).toEqual({
      columns: ['id'],
      columnCount: 1,
      rows: [['A1'], ['A2']],
      complete: true,
    });
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

describe('a saved file that is no longer what it claims to be', () => {
  const endless = 'x'.repeat(MAX_RECORD_BYTES + 1024 * 1024);

  it('refuses a CSV file that is one endless line instead of holding it in memory', async () => {
    const p = file('one-line.csv', `id,name\n1,${endless}`);
    await expect(readPreview(p, 'csv', 100)).rejects.toMatchObject({
      code: 'bad-response',
      message: expect.stringMatching(/one-line\.csv has a record longer than 8 MB .*Open it in another app/),
    });
  });

  it('refuses a JSON-lines file whose first line is endless, and says so', async () => {
    const p = file('one-line.txt', `{"a":"${endless}"}\n{"b":1}\n`);
    await expect(readPreview(p, 'json', 100)).rejects.toMatchObject({
      code: 'bad-response',
      message: expect.stringMatching(/one-line\.txt has a record longer than 8 MB/),
    });
  });

  it('stops reading after a bounded amount and says the preview is partial', async () => {
    const record = 'y'.repeat(1024 * 1024);
    const count = Math.ceil(MAX_PREVIEW_BYTES / record.length) + 8;
    const csv = file(
      'wide-records.csv',
      `id,text\n${Array.from({ length: count }, (_, i) => `${i},${record}`).join('\n')}\n`,
    );
    const json = file(
      'wide-records.txt',
      `${Array.from({ length: count }, (_, i) => JSON.stringify({ n: i, text: record })).join('\n')}\n`,
    );
    for (const [p, format] of [
      [csv, 'csv'],
      [json, 'json'],
    ] as const) {
      const preview = await readPreview(p, format, 100);
      expect(preview.rows.length).toBeGreaterThan(0);
      expect(preview.rows.length).toBeLessThan(count);
      expect(preview.complete).toBe(false);
    }
  });

  it('stops reading a file of nothing but blank lines after a bounded amount', async () => {
    const blank = '\r\n'.repeat(MAX_PREVIEW_BYTES / 2 + 4 * 1024 * 1024);
    for (const [name, format] of [
      ['blank.csv', 'csv'],
      ['blank.txt', 'json'],
    ] as const) {
      const preview = await readPreview(file(name, `${blank}id\n1\n`), format, 100);
      expect(preview).toMatchObject({ rows: [], complete: false });
    }
  });

  it('refuses binary data and NUL bytes rather than showing garbage as records', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    for (const [name, format] of [
      ['binary.csv', 'csv'],
      ['binary.txt', 'json'],
    ] as const) {
      await expect(readPreview(file(name, binary.toString('latin1')), format, 100)).rejects.toMatchObject({
        code: 'bad-response',
        message: expect.stringContaining(`${name} holds binary data`),
      });
    }
    await expect(readPreview(file('nul.csv', 'a,b\n1,\0\0x\n'), 'csv', 100)).rejects.toMatchObject({
      message: expect.stringContaining('binary data'),
    });
  });

  it('reads UTF-16 CSV with its byte-order mark, and says what a UTF-16 JSON file is', async () => {
    const utf16 = (text: string): Buffer =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const csvPath = path.join(dir, 'utf16.csv');
    writeFileSync(csvPath, utf16('a,b\n1,2\n'));
    expect(await readPreview(csvPath, 'csv', 100)).toEqual({
      columns: ['a', 'b'],
      columnCount: 2,
      rows: [['1', '2']],
      complete: true,
    });
    const jsonPath = path.join(dir, 'utf16.txt');
    writeFileSync(jsonPath, utf16('{"a":1}\n'));
    await expect(readPreview(jsonPath, 'json', 100)).rejects.toMatchObject({
      message: expect.stringContaining('utf16.txt is UTF-16 text'),
    });
  });

  it("says a folder now has the file's name", async () => {
    const p = path.join(dir, 'now-a-folder.csv');
    mkdirSync(p);
    await expect(readPreview(p, 'csv', 100)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('is no longer a file the app saved'),
    });
  });

  it('does not follow a link put in place of the file (here to /etc/passwd, outside the save folder)', async () => {
    const p = path.join(dir, 'linked.csv');
    symlinkSync('/etc/passwd', p);
    for (const format of ['csv', 'json'] as const) {
      await expect(readPreview(p, format, 100)).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringContaining('is now a link to another file'),
      });
    }
  });

  it.skipIf(process.platform === 'win32')(
    'says a named pipe is not the file instead of waiting for a writer forever (no mkfifo on Windows)',
    async () => {
      const p = path.join(dir, 'pipe.csv');
      execFileSync('mkfifo', [p]);
      await expect(readPreview(p, 'csv', 100)).rejects.toMatchObject({ code: 'not-found' });
    },
  );
});
