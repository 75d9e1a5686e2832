// Combines the saved parts of one download (`847070_1.csv` … `847070_120.csv`) into one file:
// CSV keeps the first part's header once and the rows of every part in order; NDJSON parts
// are concatenated, one record a line. Streamed through a fixed-size buffer, so memory stays
// flat for gigabytes, into `<name>.part` in the save folder's hidden partial folder (where no
// result name can reach, see unique-path.ts), renamed only when complete, like every saved file.
//
// A crash must not cost the work done: after each part, the partial file is fsynced and a
// checkpoint beside it records how many bytes and parts it holds. A resumed combine cuts the
// partial file back to that point, re-reads it once for the SHA-256 (a hash state cannot be
// saved) and carries on with the next part.
import { createReadStream, existsSync } from 'node:fs';
import { lstat, open, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../errors.js';
import type { DownloadFormat } from '../../../preload/contract/index.js';
import type { ManifestFile } from './manifest.js';
import { createWorkerDigests, type DigestService } from './digest-worker.js';
import {
  makePartialDir,
  PART_SUFFIX,
  PARTIAL_DIR,
  partialPath,
  removePartialDirIfEmpty,
  uniqueName,
} from './unique-path.js';

export interface CombinePart {
  name: string;
  /** Records in this part, as the manifest counted them while saving. */
  records: number;
}

export interface CombineSpec {
  folder: string;
  /** In order; the combined file holds them in this order. */
  parts: readonly CombinePart[];
  format: DownloadFormat;
  /** Final file name inside `folder`. */
  outputName: string;
  signal?: AbortSignal;
  /** Hashes and counts off the main thread; default a worker of its own for this combine. */
  digests?: DigestService;
  /** After every part; awaited, so a caller can pace or pause the work. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void | Promise<void>;
}

export interface HeaderDifference {
  part: string;
  missing: string[];
  extra: string[];
}

export type CombineOutcome =
  | { kind: 'combined'; file: ManifestFile; resumedFromBytes: number }
  | { kind: 'header-mismatch'; message: string; differing: HeaderDifference[] };

/** Beside the partial file: how far the combine got, written after each complete part. */
export const CHECKPOINT_SUFFIX = '.combine.json';

/** The checkpoint of the combine into `outputName`, beside its partial file. */
export function checkpointPath(folder: string, outputName: string): string {
  return path.join(folder, PARTIAL_DIR, outputName + CHECKPOINT_SUFFIX);
}

interface Checkpoint {
  v: 1;
  parts: { name: string; size: number }[];
  partsDone: number;
  bytes: number;
}

const CHUNK = 1 << 20;
/** A header longer than this is not a CSV header: refuse rather than read a whole file. */
const MAX_HEADER_BYTES = 1 << 20;
const QUOTE = 0x22;
const NL = 0x0a;
const CR = 0x0d;

interface HeaderInfo {
  /** The header row without its line ending and without a byte-order mark. */
  text: string;
  /** Bytes to skip to reach the first record (header + line ending). */
  length: number;
  eol: '\r\n' | '\n';
}

/** The first CSV row: up to the first newline outside double quotes (a header may quote one). */
export async function readCsvHeader(file: string): Promise<HeaderInfo> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(MAX_HEADER_BYTES, 64 * 1024));
    let acc = Buffer.alloc(0);
    let inQuotes = false;
    let scanned = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, acc.length);
      if (bytesRead === 0) break;
      acc = Buffer.concat([acc, buf.subarray(0, bytesRead)]);
      for (; scanned < acc.length; scanned++) {
        const b = acc[scanned];
        if (b === QUOTE) inQuotes = !inQuotes;
        else if (b === NL && !inQuotes) {
          const crlf = scanned > 0 && acc[scanned - 1] === CR;
          const raw = acc.subarray(0, crlf ? scanned - 1 : scanned);
          return { text: stripBom(raw.toString('utf8')), length: scanned + 1, eol: crlf ? '\r\n' : '\n' };
        }
      }
      if (acc.length > MAX_HEADER_BYTES) {
        throw new AppError('bad-response', `${path.basename(file)} does not start with a CSV header row.`);
      }
    }
    return { text: stripBom(acc.toString('utf8').replace(/\r$/, '')), length: acc.length, eol: '\n' };
  } finally {
    await handle.close();
  }
}

/** 3 when the file starts with the UTF-8 byte-order mark, else 0. */
async function bomLength(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(3);
    const { bytesRead } = await handle.read(buf, 0, 3, 0);
    return bytesRead === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  } finally {
    await handle.close();
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function headerColumns(header: string): string[] {
  try {
    const rows = parseCsv(header, { relax_quotes: true, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return [header];
  }
}

/** Which parts' headers differ from the first part's, and how, in words. */
function compareHeaders(parts: readonly CombinePart[], headers: readonly HeaderInfo[]): HeaderDifference[] {
  const first = headers[0]!.text;
  const firstColumns = headerColumns(first);
  const differing: HeaderDifference[] = [];
  headers.forEach((h, i) => {
    if (i === 0 || h.text === first) return;
    const columns = headerColumns(h.text);
    // The same columns in the same order, only quoted differently: the rows line up.
    if (columns.length === firstColumns.length && columns.every((c, j) => c === firstColumns[j])) return;
    differing.push({
      part: parts[i]!.name,
      missing: firstColumns.filter((c) => !columns.includes(c)),
      extra: columns.filter((c) => !firstColumns.includes(c)),
    });
  });
  return differing;
}

function describeMismatch(firstPart: string, differing: readonly HeaderDifference[]): string {
  const details = differing.slice(0, 5).map((d) => {
    const bits: string[] = [];
    if (d.missing.length) bits.push(`lacks ${d.missing.slice(0, 5).join(', ')}`);
    if (d.extra.length) bits.push(`adds ${d.extra.slice(0, 5).join(', ')}`);
    return `${d.part} (${bits.length ? bits.join('; ') : 'same columns in another order'})`;
  });
  const more = differing.length > 5 ? ` and ${differing.length - 5} more` : '';
  return (
    `The files were not combined: their header rows differ from ${firstPart} in ` +
    `${details.join(', ')}${more}. The separate files are kept.`
  );
}

async function readCheckpoint(file: string): Promise<Checkpoint | null> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<Checkpoint>;
    if (value.v !== 1 || !Array.isArray(value.parts)) return null;
    if (typeof value.partsDone !== 'number' || typeof value.bytes !== 'number') return null;
    return value as Checkpoint;
  } catch {
    return null;
  }
}

async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(checkpoint));
  await rename(tmp, file);
}

function sameParts(a: Checkpoint['parts'], b: Checkpoint['parts']): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.size === b[i]!.size);
}

/**
 * Combines `spec.parts` into `spec.outputName`, resuming from a checkpoint left by an earlier
 * run over the same parts. The parts are never changed; removing them is the caller's choice.
 * Throws (and keeps the parts) when a part is missing or the record count does not add up.
 */
export async function combineParts(spec: CombineSpec): Promise<CombineOutcome> {
  const { folder, parts, format, signal } = spec;
  if (parts.length === 0) throw new AppError('invalid-input', 'There are no saved files to combine.');
  const paths = parts.map((p) => path.join(folder, p.name));
  const sizes: number[] = [];
  for (const [i, file] of paths.entries()) {
    // Not followed: a link put in a part's place would copy a file from anywhere into this one.
    const info = await lstat(file).catch(() => null);
    if (!info) {
      throw new AppError(
        'not-found',
        `${parts[i]!.name} is no longer in ${folder}, so the files cannot be combined.`,
      );
    }
    if (!info.isFile()) {
      throw new AppError(
        'not-found',
        `${parts[i]!.name} in ${folder} is no longer the file that was saved (a link or a folder has ` +
          'its name now), so the files cannot be combined.',
      );
    }
    sizes.push(info.size);
  }

  const csv = format === 'csv';
  const headers = csv ? await Promise.all(paths.map(readCsvHeader)) : [];
  if (csv) {
    const differing = compareHeaders(parts, headers);
    if (differing.length > 0) {
      return { kind: 'header-mismatch', message: describeMismatch(parts[0]!.name, differing), differing };
    }
  }
  const eol = csv ? headers[0]!.eol : '\n';
  // Where each part's records start: after its header (CSV), or after a byte-order mark (JSON
  // lines), which mid-file would be part of the first record and break it. Not in part one.
  const starts = await Promise.all(
    paths.map(async (file, i) => (i === 0 ? 0 : csv ? headers[i]!.length : await bomLength(file))),
  );
  const bytesTotal = sizes.reduce((s, n, i) => s + n - starts[i]!, 0);

  const partial = partialPath(folder, spec.outputName);
  const checkpoint = checkpointPath(folder, spec.outputName);
  const identity = parts.map((p, i) => ({ name: p.name, size: sizes[i]! }));
  await makePartialDir(folder);
  await adoptLegacyCombine(folder, spec.outputName, parts);
  const saved = await readCheckpoint(checkpoint);
  const partialSize = await stat(partial).then(
    (s) => s.size,
    () => -1,
  );
  const resume =
    saved !== null && sameParts(saved.parts, identity) && partialSize >= saved.bytes ? saved : null;

  const digests = spec.digests ?? createWorkerDigests();
  // SHA-256 and the record count of the combined file as it is written, on the worker thread.
  const digest = digests.create({ md5: false, records: { format, csvHeader: csv } });
  let bytes = 0;
  let lastByte = NL;
  const handle = await open(partial, resume ? 'r+' : 'w').catch(async (err: unknown) => {
    digest.abort();
    if (!spec.digests) await digests.close();
    await removePartialDirIfEmpty(folder);
    throw err;
  });
  try {
    if (resume) {
      await handle.truncate(resume.bytes);
      // Hash and count what the earlier run wrote, so the result covers the whole file.
      const buf = Buffer.allocUnsafe(CHUNK);
      while (bytes < resume.bytes) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, resume.bytes - bytes), bytes);
        if (bytesRead === 0) break;
        // The digest copies what it is given at once, so the buffer can be read into again.
        const chunk = buf.subarray(0, bytesRead);
        await digest.update(chunk);
        lastByte = chunk[bytesRead - 1]!;
        bytes += bytesRead;
      }
    } else {
      await writeCheckpoint(checkpoint, { v: 1, parts: identity, partsDone: 0, bytes: 0 });
    }
    const resumedFromBytes = bytes;

    const write = async (chunk: Buffer): Promise<void> => {
      let off = 0;
      while (off < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, off, chunk.length - off, bytes);
        off += bytesWritten;
        bytes += bytesWritten;
      }
      await digest.update(chunk);
      lastByte = chunk[chunk.length - 1] ?? lastByte;
    };

    for (let i = resume?.partsDone ?? 0; i < parts.length; i++) {
      if (signal?.aborted) throw new AppError('cancelled', 'Combining the files was stopped.');
      const start = starts[i]!;
      if (start < sizes[i]!) {
        // Each part starts on a new line even when the previous one did not end with one.
        if (lastByte !== NL) await write(Buffer.from(eol));
        const stream = createReadStream(paths[i]!, { start, highWaterMark: CHUNK });
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (signal?.aborted) {
            stream.destroy();
            throw new AppError('cancelled', 'Combining the files was stopped.');
          }
          await write(chunk);
        }
      }
      await handle.sync();
      await writeCheckpoint(checkpoint, { v: 1, parts: identity, partsDone: i + 1, bytes });
      await spec.onProgress?.(bytes, bytesTotal);
    }

    const { sha256, records = 0 } = await digest.digest();
    const expected = parts.reduce((s, p) => s + p.records, 0);
    if (records !== expected) {
      throw new AppError(
        'bad-response',
        `The combined file would hold ${records.toLocaleString('en-US')} records but the saved files ` +
          `hold ${expected.toLocaleString('en-US')}, so it was not kept. The separate files are unchanged.`,
        { records, expected },
      );
    }
    await handle.close().catch(() => {});
    const finalName = existsSync(path.join(folder, spec.outputName))
      ? uniqueName(folder, spec.outputName, new Set(parts.map((p) => p.name)))
      : spec.outputName;
    await rename(partial, path.join(folder, finalName));
    await unlink(checkpoint).catch(() => {});
    await removePartialDirIfEmpty(folder);
    await fsyncDir(folder);
    return {
      kind: 'combined',
      file: { name: finalName, size: bytes, sha256, records },
      resumedFromBytes,
    };
  } catch (err) {
    digest.abort();
    await handle.close().catch(() => {});
    if (err instanceof AppError && err.code === 'bad-response') {
      // A wrong count is not resumable: start over next time rather than trust this partial.
      await unlink(partial).catch(() => {});
      await unlink(checkpoint).catch(() => {});
      await removePartialDirIfEmpty(folder);
    }
    throw err;
  } finally {
    if (!spec.digests) await digests.close();
  }
}

/** Forgets an unfinished combine: its partial file and checkpoint. */
export async function discardCombine(folder: string, outputName: string): Promise<void> {
  await unlink(partialPath(folder, outputName)).catch(() => {});
  await unlink(checkpointPath(folder, outputName)).catch(() => {});
  await removePartialDirIfEmpty(folder);
}

/**
 * Earlier versions kept the partial file and checkpoint beside the results. A checkpoint of ours
 * there proves the `.part` beside it is ours too (a result named like it is left alone
 * otherwise): over these very parts, and with no newer combine under way, both move into the
 * partial folder and the combine resumes; otherwise they are stale and go.
 */
async function adoptLegacyCombine(
  folder: string,
  outputName: string,
  parts: readonly CombinePart[],
): Promise<void> {
  const legacyCheckpoint = path.join(folder, outputName + CHECKPOINT_SUFFIX);
  const legacy = await readCheckpoint(legacyCheckpoint);
  if (legacy === null) return;
  const legacyPartial = path.join(folder, outputName + PART_SUFFIX);
  const isPart = parts.some((p) => p.name.toLowerCase() === (outputName + PART_SUFFIX).toLowerCase());
  if (!sameNames(legacy.parts, parts) || existsSync(checkpointPath(folder, outputName))) {
    if (!isPart) await unlink(legacyPartial).catch(() => {});
    await unlink(legacyCheckpoint).catch(() => {});
    return;
  }
  if (!isPart && existsSync(legacyPartial)) {
    await rename(legacyPartial, partialPath(folder, outputName));
  }
  await rename(legacyCheckpoint, checkpointPath(folder, outputName));
}

function sameNames(a: Checkpoint['parts'], b: readonly CombinePart[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name);
}

async function fsyncDir(dir: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory handle; NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => {});
  }
}
