// Combining a download's parts into one file, on the real file system: CSV with quoted
// newlines keeps one header and every row in order, NDJSON stays one record a line, differing
// headers are refused with the parts kept, a wrong count keeps nothing, and a combine killed
// with SIGKILL resumes from its checkpoint to the same bytes a clean run writes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_SUFFIX,
  checkpointPath,
  combineParts,
  type CombinePart,
} from '../../../main/core/files/combine.js';
import { PARTIAL_DIR, partialPath } from '../../../main/core/files/unique-path.js';
import { tempDir } from './support.js';

const tmp = tempDir('dfd-combine-');
afterAll(() => tmp.cleanup());
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let n = 0;
const newFolder = (): string => {
  const dir = path.join(tmp.dir, `case-${++n}`);
  mkdirSync(dir);
  return dir;
};

const HEADER = 'id,name,"description, long",city';
function csvRow(i: number): string {
  return `${i},"Shop ${i}","Line one of ${i}\nline two with ""quotes"", commas",Portland`;
}
function writeParts(folder: string, rows: number[][], header = (_: number) => HEADER): CombinePart[] {
  return rows.map((ids, p) => {
    const name = `847070_${p + 1}.csv`;
    writeFileSync(path.join(folder, name), `${header(p)}\n${ids.map(csvRow).join('\n')}\n`);
    return { name, records: ids.length };
  });
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('combining CSV parts', () => {
  it('keeps one header and the rows of every part in order, quoted newlines intact', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 4), range(4, 8), range(8, 10)]);
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: '847070.csv' });
    expect(outcome.kind).toBe('combined');
    if (outcome.kind !== 'combined') return;
    const file = path.join(folder, '847070.csv');
    const records = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r['id'])).toEqual(range(1, 10).map(String));
    expect(records[4]!['description, long']).toBe('Line one of 5\nline two with "quotes", commas');
    expect(readFileSync(file, 'utf8').match(/^id,name/gm)).toHaveLength(1);
    expect(outcome.file).toEqual({
      name: '847070.csv',
      size: readFileSync(file).length,
      sha256: sha(file),
      records: 9,
    });
    // Only the parts and the result: no partial file, no checkpoint.
    expect(readdirSync(folder).sort()).toEqual([
      '847070.csv',
      '847070_1.csv',
      '847070_2.csv',
      '847070_3.csv',
    ]);
  });

  it('starts each part on its own line when a part lacks the final newline', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3), range(3, 5)]);
    const first = path.join(folder, parts[0]!.name);
    writeFileSync(first, readFileSync(first, 'utf8').replace(/\n$/, ''));
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(4);
    const records = parse(readFileSync(path.join(folder, 'all.csv')), { columns: true }) as { id: string }[];
    expect(records.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
  });

  it('refuses parts whose headers differ, says which and how, and keeps every part', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3), range(3, 5), range(5, 7)], (p) =>
      p === 2 ? 'id,name,"description, long",province' : HEADER,
    );
    const before = parts.map((p) => sha(path.join(folder, p.name)));
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: '847070.csv' });
    expect(outcome.kind).toBe('header-mismatch');
    if (outcome.kind !== 'header-mismatch') return;
    expect(outcome.differing).toEqual([{ part: '847070_3.csv', missing: ['city'], extra: ['province'] }]);
    expect(outcome.message).toContain('847070_3.csv (lacks city; adds province)');
    expect(outcome.message).toContain('The separate files are kept');
    expect(readdirSync(folder).sort()).toEqual(['847070_1.csv', '847070_2.csv', '847070_3.csv']);
    expect(parts.map((p) => sha(path.join(folder, p.name)))).toEqual(before);
  });

  it('counts right across CRLF and LF parts, a header-only part and a byte-order mark in a later part', async () => {
    const folder = newFolder();
    const texts = [
      'id,city\r\n1,Austin\r\n2,"Two\r\nlines"\r\n',
      '\ufeffid,city\n3,Boston\n',
      'id,city\r\n',
      'id,city\n4,Reno',
    ];
    const parts = texts.map((text, i) => {
      writeFileSync(path.join(folder, `m_${i + 1}.csv`), text);
      return { name: `m_${i + 1}.csv`, records: [2, 1, 0, 1][i]! };
    });
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: 'm.csv' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(4);
    const text = readFileSync(path.join(folder, 'm.csv'), 'utf8');
    expect(text).not.toContain('\ufeff');
    // Each part keeps its own line endings (the bytes are copied, not rewritten), so the reader
    // must take either, as spreadsheets and the app's preview do.
    expect(parse(text, { columns: true, record_delimiter: ['\r\n', '\n'] })).toEqual([
      { id: '1', city: 'Austin' },
      { id: '2', city: 'Two\r\nlines' },
      { id: '3', city: 'Boston' },
      { id: '4', city: 'Reno' },
    ]);
  });

  it('combines parts whose headers name the same columns in the same order, quoted or not', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3), range(3, 5)], (p) =>
      p === 1 ? '"id","name","description, long","city"' : HEADER,
    );
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: '847070.csv' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(4);
    const rows = parse(readFileSync(path.join(folder, '847070.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r['id'])).toEqual(['1', '2', '3', '4']);
  });

  it('refuses parts with the same columns in another order, and says so', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3), range(3, 5)], (p) =>
      p === 1 ? 'name,id,"description, long",city' : HEADER,
    );
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: '847070.csv' });
    expect(outcome.kind === 'header-mismatch' && outcome.message).toContain(
      '847070_2.csv (same columns in another order)',
    );
  });

  it('keeps no combined file when its record count differs from the sum over the parts', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3), range(3, 5)]);
    parts[1]!.records = 5; // what a manifest that disagrees with the files would say
    await expect(combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' })).rejects.toThrow(
      /would hold 4 records but the saved files hold 7/,
    );
    expect(readdirSync(folder).sort()).toEqual(['847070_1.csv', '847070_2.csv']);
  });

  it('says which part is missing', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 3)]);
    await expect(
      combineParts({
        folder,
        parts: [...parts, { name: '847070_2.csv', records: 1 }],
        format: 'csv',
        outputName: 'a.csv',
      }),
    ).rejects.toThrow(/847070_2\.csv is no longer in/);
  });
});

describe('combining JSON lines', () => {
  it('concatenates the parts one record a line, with nested values untouched', async () => {
    const folder = newFolder();
    const line = (i: number): string =>
      JSON.stringify({ id: i, address: { city: 'Portland', zip: '9720' + i } });
    writeFileSync(path.join(folder, 'd_1.txt'), `${line(1)}\n${line(2)}\n`);
    writeFileSync(path.join(folder, 'd_2.txt'), `${line(3)}`);
    writeFileSync(path.join(folder, 'd_3.txt'), `${line(4)}\n\n${line(5)}\n`);
    const parts = [
      { name: 'd_1.txt', records: 2 },
      { name: 'd_2.txt', records: 1 },
      { name: 'd_3.txt', records: 2 },
    ];
    const outcome = await combineParts({ folder, parts, format: 'json', outputName: 'd.txt' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(5);
    const lines = readFileSync(path.join(folder, 'd.txt'), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not copy a file from elsewhere into the combined file when a part was replaced by a link to it', async () => {
    const folder = newFolder();
    const elsewhere = path.join(tmp.dir, `secret-${n}.txt`);
    writeFileSync(elsewhere, '{"secret":"not from this download"}\n');
    writeFileSync(path.join(folder, 'l_1.txt'), '{"id":1}\n');
    symlinkSync(elsewhere, path.join(folder, 'l_2.txt'));
    const parts = [
      { name: 'l_1.txt', records: 1 },
      { name: 'l_2.txt', records: 1 },
    ];
    await expect(combineParts({ folder, parts, format: 'json', outputName: 'l.txt' })).rejects.toThrow(
      `l_2.txt in ${folder} is no longer the file that was saved (a link or a folder has its name now), so the files cannot be combined.`,
    );
    expect(readdirSync(folder).sort()).toEqual(['l_1.txt', 'l_2.txt']);
  });

  it('drops the byte-order mark a later part starts with, which would break its first record mid-file', async () => {
    const folder = newFolder();
    writeFileSync(path.join(folder, 'b_1.txt'), '\ufeff{"id":1}\r\n{"id":2}\r\n');
    writeFileSync(path.join(folder, 'b_2.txt'), '\ufeff{"id":3}\n');
    const parts = [
      { name: 'b_1.txt', records: 2 },
      { name: 'b_2.txt', records: 1 },
    ];
    const outcome = await combineParts({ folder, parts, format: 'json', outputName: 'b.txt' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(3);
    const text = readFileSync(path.join(folder, 'b.txt'), 'utf8');
    // The first part's mark stays where a mark belongs: at the start of the file.
    expect(text.indexOf('\ufeff', 1)).toBe(-1);
    const lines = text
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)
      .filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([1, 2, 3]);
  });
});

describe('a combine killed mid-way', () => {
  it(
    'resumes from its checkpoint after kill -9 and ends byte-identical to a clean run',
    { timeout: 40_000 },
    async () => {
      const folder = newFolder();
      // Three parts of ~0.6 MB each, so the resume has real bytes to re-hash.
      const parts = writeParts(folder, [range(1, 6000), range(6000, 12000), range(12000, 18000)]);
      const clean = newFolder();
      for (const p of parts) writeFileSync(path.join(clean, p.name), readFileSync(path.join(folder, p.name)));
      const reference = await combineParts({ folder: clean, parts, format: 'csv', outputName: 'all.csv' });

      const child = spawn('npx', ['tsx', path.join(here, 'combine-child.ts')], {
        cwd: root,
        env: {
          ...process.env,
          COMBINE_CHILD_INPUT: JSON.stringify({ folder, parts, outputName: 'all.csv', pauseMs: 60_000 }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      const checkpoint = checkpointPath(folder, 'all.csv');
      const deadline = Date.now() + 20_000;
      // Kill once the first part is in the partial file and checkpointed, the rest not yet.
      for (;;) {
        const done = existsSync(checkpoint)
          ? (JSON.parse(readFileSync(checkpoint, 'utf8')) as { partsDone: number }).partsDone
          : 0;
        if (done >= 1) break;
        if (Date.now() > deadline) throw new Error(`child made no progress: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      process.kill(-child.pid!, 'SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(existsSync(path.join(folder, 'all.csv'))).toBe(false);
      expect(existsSync(partialPath(folder, 'all.csv'))).toBe(true);
      // The unfinished combine is out of sight: only the parts are among the results.
      expect(readdirSync(folder).sort()).toEqual([...parts.map((p) => p.name), PARTIAL_DIR].sort());

      const resumed = await combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' });
      expect(resumed.kind).toBe('combined');
      if (resumed.kind !== 'combined' || reference.kind !== 'combined') return;
      expect(resumed.resumedFromBytes).toBeGreaterThan(0);
      expect(resumed.file).toEqual(reference.file);
      expect(resumed.file.records).toBe(17999);
      expect(sha(path.join(folder, 'all.csv'))).toBe(reference.file.sha256);
      expect(readdirSync(folder).sort()).toEqual([...parts.map((p) => p.name), 'all.csv']);
    },
  );

  it('resumes what an earlier version left beside the results, and leaves nothing there', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 40), range(40, 80), range(80, 90)]);
    const clean = newFolder();
    for (const p of parts) writeFileSync(path.join(clean, p.name), readFileSync(path.join(folder, p.name)));
    const reference = await combineParts({ folder: clean, parts, format: 'csv', outputName: 'all.csv' });
    // Earlier versions wrote `<name>.part` and its checkpoint into the save folder itself.
    const firstPart = readFileSync(path.join(folder, parts[0]!.name));
    writeFileSync(path.join(folder, 'all.csv.part'), firstPart);
    const identity = parts.map((p) => ({
      name: p.name,
      size: readFileSync(path.join(folder, p.name)).length,
    }));
    writeFileSync(
      path.join(folder, `all.csv${CHECKPOINT_SUFFIX}`),
      JSON.stringify({ v: 1, parts: identity, partsDone: 1, bytes: firstPart.length }),
    );

    const resumed = await combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' });
    expect(resumed.kind === 'combined' && resumed.resumedFromBytes).toBe(firstPart.length);
    expect(resumed.kind === 'combined' && resumed.file).toEqual(
      reference.kind === 'combined' && reference.file,
    );
    expect(readdirSync(folder).sort()).toEqual([...parts.map((p) => p.name), 'all.csv']);
  });
});

describe('the partial file of a combine', () => {
  it('drops what an earlier version left beside the results for other parts, and starts over', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 4), range(4, 8)]);
    // A checkpoint of an earlier save's parts (named otherwise), with its partial file.
    writeFileSync(path.join(folder, 'all.csv.part'), 'stale bytes');
    writeFileSync(
      path.join(folder, `all.csv${CHECKPOINT_SUFFIX}`),
      JSON.stringify({ v: 1, parts: [{ name: 'old_1.csv', size: 11 }], partsDone: 1, bytes: 11 }),
    );
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' });
    expect(outcome.kind === 'combined' && outcome.resumedFromBytes).toBe(0);
    expect(readFileSync(path.join(folder, 'all.csv'), 'utf8')).not.toContain('stale');
    expect(readdirSync(folder).sort()).toEqual(['847070_1.csv', '847070_2.csv', 'all.csv']);
  });

  it('lives where no result name reaches: a result named like it is left untouched', async () => {
    const folder = newFolder();
    const parts = writeParts(folder, [range(1, 4), range(4, 8)]);
    // A file of the user's (or a result of another save) that happens to be named like the
    // partial file earlier versions wrote beside the results.
    const theirs = path.join(folder, 'all.csv.part');
    writeFileSync(theirs, 'not a partial file, keep me\n');
    const outcome = await combineParts({ folder, parts, format: 'csv', outputName: 'all.csv' });
    expect(outcome.kind === 'combined' && outcome.file.records).toBe(7);
    expect(readFileSync(theirs, 'utf8')).toBe('not a partial file, keep me\n');
    const records = parse(readFileSync(path.join(folder, 'all.csv')), { columns: true }) as { id: string }[];
    expect(records.map((r) => r.id)).toEqual(range(1, 8).map(String));
    // No partial folder and no `.part` of the combine's own is left behind.
    expect(readdirSync(folder).sort()).toEqual(['847070_1.csv', '847070_2.csv', 'all.csv', 'all.csv.part']);
  });
});
