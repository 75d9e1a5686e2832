// "Preview" of a saved file: the first records as a table, read from the start of the file and
// stopped as soon as enough records are in, so a 2 GB file costs a few kilobytes of reading.
// CSV goes through csv-parse (quoted commas and newlines as any spreadsheet reads them); JSON
// lines are flattened to their top-level fields, nested values shown as compact JSON.
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { AppError } from '../errors.js';
import type { DownloadFormat } from '../../../preload/contract/index.js';

export interface PreviewTable {
  columns: string[];
  rows: string[][];
  /** False when the file holds more records than were read. */
  complete: boolean;
}

/** The column for a JSON line that is not a JSON object, so it is shown rather than dropped. */
export const RAW_LINE_COLUMN = '(line)';

export async function readPreview(
  file: string,
  format: DownloadFormat,
  limit: number,
): Promise<PreviewTable> {
  try {
    return format === 'csv' ? await readCsv(file, limit) : await readJsonLines(file, limit);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not-found', `The saved file ${file} is no longer there.`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('disk', `The app may not read ${file}.`);
    throw new AppError(
      'bad-response',
      `The file could not be read as ${format.toUpperCase()}: ${String((err as Error).message ?? err)}`,
    );
  }
}

async function readCsv(file: string, limit: number): Promise<PreviewTable> {
  // Opened first so a missing file is an error here, not one thrown later inside a stream.
  const handle = await open(file, 'r');
  const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  // The header and one record past the limit, which tells whether there is more.
  const parser = parse({
    bom: true,
    // Either line ending, even mixed: files stitched from several sources do that.
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    to: limit + 2,
  });
  // pipe() does not pass a read error on: without this the parser would wait forever.
  stream.on('error', (err) => parser.destroy(err));
  stream.pipe(parser);
  const records: string[][] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      records.push(record);
      if (records.length >= limit + 2) break;
    }
  } finally {
    stream.destroy();
    parser.destroy();
  }
  const [header = [], ...body] = records;
  const width = Math.max(header.length, ...body.slice(0, limit).map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => header[i] ?? `column ${i + 1}`);
  const rows = body.slice(0, limit).map((r) => columns.map((_, i) => r[i] ?? ''));
  return { columns, rows, complete: body.length <= limit };
}

/** Strings as they are, nothing as empty, everything else as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

async function readJsonLines(file: string, limit: number): Promise<PreviewTable> {
  const handle = await open(file, 'r');
  const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: 64 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const objects: Record<string, unknown>[] = [];
  let more = false;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      if (objects.length >= limit) {
        more = true;
        break;
      }
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      objects.push(
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : { [RAW_LINE_COLUMN]: line.length > 2000 ? `${line.slice(0, 2000)}…` : line },
      );
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  // Columns in the order they first appear: records of one download mostly share their fields.
  const seen = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) seen.add(k);
  const columns = [...seen];
  const rows = objects.map((o) => columns.map((c) => cellText(o[c])));
  return { columns, rows, complete: !more };
}
