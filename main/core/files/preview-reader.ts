// "Preview" of a saved file: the first records as a table, read from the start of the file and
// stopped as soon as enough records are in, so a 2 GB file costs a few kilobytes of reading.
// CSV goes through csv-parse (quoted commas and newlines as any spreadsheet reads them); JSON
// lines are flattened to their top-level fields, nested values shown as compact JSON.
//
// The saved file may no longer be what the app saved: a folder, a link to a file elsewhere,
// binary data, a file that is one endless line. Each gets a clear error, and what is held in
// memory stays bounded (MAX_RECORD_BYTES a record, MAX_PREVIEW_BYTES read in all).
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { AppError } from '../errors.js';
import type { DownloadFormat } from '../../../preload/contract/index.js';

export interface PreviewTable {
  /** The first `maxColumns` columns. */
  columns: string[];
  /** Columns in the records read, shown or not. */
  columnCount: number;
  rows: string[][];
  /** False when the file holds more records than were read. */
  complete: boolean;
}

/** The column for a JSON line that is not a JSON object, so it is shown rather than dropped. */
export const RAW_LINE_COLUMN = '(line)';

/** A record longer than this is refused, not held in memory to show a few cells of it. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** Reading stops after this much even if fewer records are in (the preview says it is partial). */
export const MAX_PREVIEW_BYTES = 32 * 1024 * 1024;
/** Bytes looked at for NUL bytes, which CSV and JSON text never hold. */
const SNIFF_BYTES = 64 * 1024;

function tooLong(file: string): AppError {
  return new AppError(
    'bad-response',
    `${path.basename(file)} has a record longer than ${MAX_RECORD_BYTES / (1024 * 1024)} MB near its start, ` +
      'too long to preview. Open it in another app to look at it.',
  );
}

export async function readPreview(
  file: string,
  format: DownloadFormat,
  limit: number,
  /** A table of 100,000 columns is no preview anyone can use, nor one a window can draw. */
  maxColumns = Number.POSITIVE_INFINITY,
): Promise<PreviewTable> {
  try {
    return format === 'csv'
      ? await readCsv(file, limit, maxColumns)
      : await readJsonLines(file, limit, maxColumns);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not-found', `The saved file ${file} is no longer there.`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('disk', `The app may not read ${file}.`);
    if (code === 'EISDIR') throw notAFile(file);
    if (code === 'ELOOP') throw aLink(file);
    throw new AppError(
      'bad-response',
      `The file could not be read as ${format.toUpperCase()}: ${String((err as Error).message ?? err)}`,
    );
  }
}

function notAFile(file: string): AppError {
  return new AppError(
    'not-found',
    `${file} is no longer a file the app saved: something else has its name now.`,
  );
}

function aLink(file: string): AppError {
  return new AppError(
    'invalid-input',
    `${file} is now a link to another file, not the file the app saved; the preview does not follow it.`,
  );
}

/**
 * Opens the saved file itself: not a link put in its place (it could lead anywhere on the disk),
 * not a folder, and not a named pipe, whose open would wait forever for a writer.
 */
async function openSavedFile(file: string, format: DownloadFormat): Promise<FileHandle> {
  if ((await lstat(file)).isSymbolicLink()) throw aLink(file);
  // Windows has neither flag; the lstat above and the fstat below still apply there.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(file, flags);
  try {
    if (!(await handle.stat()).isFile()) throw notAFile(file);
    await refuseBinary(handle, file, format);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** CSV and JSON text never hold NUL bytes; binary data or UTF-16 text does. */
async function refuseBinary(handle: FileHandle, file: string, format: DownloadFormat): Promise<void> {
  const buf = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
  const head = buf.subarray(0, bytesRead);
  // csv-parse reads UTF-16LE after its byte-order mark (as Excel's "Unicode text" writes it).
  if (format === 'csv' && head[0] === 0xff && head[1] === 0xfe) return;
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16) {
    throw new AppError(
      'bad-response',
      `${path.basename(file)} is UTF-16 text; the preview reads UTF-8, as Datafiniti sends it. Open it in another app.`,
    );
  }
  if (head.includes(0)) {
    throw new AppError(
      'bad-response',
      `${path.basename(file)} holds binary data, not text: it is not the file as it was saved. ` +
        'Save the download again, or open it in another app.',
    );
  }
}

async function readCsv(file: string, limit: number, maxColumns: number): Promise<PreviewTable> {
  // Opened first so a missing file is an error here, not one thrown later inside a stream.
  const handle = await openSavedFile(file, 'csv');
  const stream = handle.createReadStream({ start: 0, highWaterMark: 64 * 1024 });
  // The header and one record past the limit, which tells whether there is more.
  const parser = parse({
    bom: true,
    // Either line ending, even mixed: files stitched from several sources do that.
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    to: limit + 2,
    // Without it one endless line (a file of no newlines) is buffered whole.
    max_record_size: MAX_RECORD_BYTES,
  });
  // pipe() does not pass a read error on: without this the parser would wait forever.
  stream.on('error', (err) => parser.destroy(err));
  // Checked as the bytes arrive, not per record: blank lines make no records, and a file of
  // nothing else would otherwise be read to its end.
  const overBudget = new Error('read enough');
  stream.on('data', () => {
    if (stream.bytesRead > MAX_PREVIEW_BYTES) parser.destroy(overBudget);
  });
  stream.pipe(parser);
  const records: string[][] = [];
  let cut = false;
  let width = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (records.length <= limit) width = Math.max(width, record.length);
      records.push(record.length > maxColumns ? record.slice(0, maxColumns) : record);
      if (records.length >= limit + 2) break;
    }
  } catch (err) {
    if (err === overBudget) cut = true;
    else if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw tooLong(file);
    else throw err;
  } finally {
    stream.destroy();
    parser.destroy();
  }
  const [header = [], ...body] = records;
  const shown = Math.min(width, maxColumns);
  const columns = Array.from({ length: shown }, (_, i) => header[i] ?? `column ${i + 1}`);
  const rows = body.slice(0, limit).map((r) => columns.map((_, i) => r[i] ?? ''));
  return { columns, columnCount: width, rows, complete: !cut && body.length <= limit };
}

/** Strings as they are, nothing as empty, everything else as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The non-empty lines of a file, each at most MAX_RECORD_BYTES (readline would hold a line of
 * any length in memory, and a 500 MB one is no record anyone can preview). Returns after `max`
 * lines or MAX_PREVIEW_BYTES, with `more` telling whether the file goes on.
 */
async function readLines(
  handle: FileHandle,
  file: string,
  max: number,
): Promise<{ lines: string[]; more: boolean }> {
  const stream = handle.createReadStream({ start: 0, highWaterMark: 64 * 1024 });
  const lines: string[] = [];
  let pieces: Buffer[] = [];
  let pending = 0;
  let read = 0;
  const finish = (): boolean => {
    const text = Buffer.concat(pieces).toString('utf8').replace(/\r$/, '');
    pieces = [];
    pending = 0;
    if (text.trim() !== '') lines.push(text);
    return lines.length > max;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      let from = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
        pieces.push(chunk.subarray(from, nl));
        pending += nl - from;
        if (pending > MAX_RECORD_BYTES) throw tooLong(file);
        from = nl + 1;
        if (finish()) return { lines: lines.slice(0, max), more: true };
      }
      pieces.push(chunk.subarray(from));
      pending += chunk.length - from;
      if (pending > MAX_RECORD_BYTES) throw tooLong(file);
      if (read > MAX_PREVIEW_BYTES) return { lines, more: true };
    }
    finish();
    return { lines: lines.slice(0, max), more: lines.length > max };
  } finally {
    stream.destroy();
  }
}

async function readJsonLines(file: string, limit: number, maxColumns: number): Promise<PreviewTable> {
  const handle = await openSavedFile(file, 'json');
  const { lines, more } = await readLines(handle, file, limit);
  const objects = lines.map((raw, i): Record<string, unknown> => {
    // A byte-order mark (as editors on Windows write one) is no part of the first record.
    const line = i === 0 ? raw.replace(/^\ufeff/, '') : raw;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { [RAW_LINE_COLUMN]: line.length > 2000 ? `${line.slice(0, 2000)}…` : line };
  });
  // Columns in the order they first appear: records of one download mostly share their fields.
  const seen = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) seen.add(k);
  const columns = [...seen].slice(0, maxColumns);
  const rows = objects.map((o) => columns.map((c) => cellText(o[c])));
  return { columns, columnCount: seen.size, rows, complete: !more };
}
