// The download history on disk: `history.json`, the base (the same format as before, so a file
// written by an older version reads as it is), and beside it `history-journal.ndjson`, the
// rounds since the base was written. A poll round appends only the downloads that changed: with
// 50,000 downloads and a few running that is kilobytes, not a rewrite of the whole tens of MB.
//
// Why a crash at any moment leaves the old or the new state, never a mix that loses something:
// - A round is a run of lines closed by an `end` line. A round without its end (the app died
//   mid-append) is left out when read and its bytes cut off, so at most that round is lost.
// - A line holds a download whole, never a delta: replaying a round gives that round's state.
// - The base carries a random `journalId`, and the journal's first line names the base it
//   follows. Compaction writes a new base (temporary file, fsync, rename) with a new id, then
//   deletes the journal: if it dies in between, the journal names the old base and is dropped
//   at the next start (the new base holds all of it), never replayed over newer state.
// - A base without an id (none yet, or written by an older version, which drops the field)
//   gets no journal: the first round rewrites the base once.
// Appends are not fsynced: a killed or crashed app loses nothing the kernel already took; only
// an OS crash or power cut can drop the last seconds of rounds, which at worst shows a
// notification again. Syncing every round would stall the main thread on a slow disk every 10 s
// for that. The base is fsynced before its rename, because the journal is deleted after it: a
// base lost there would lose everything.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HISTORY_KEY, type HistoryChanges, type HistoryStorage } from '../monitor/history-store.js';
import { silentLogger, type Logger } from '../ports.js';
import { replaceFileSync, setAsideUnreadable } from './json-file-store.js';

const MiB = 1024 * 1024;

/**
 * The journal is folded into the base once a round would take it past the larger of this and
 * half the base. Half the base keeps the bytes written per change bounded (each compaction
 * rewrites B bytes after at least B/2 bytes of rounds: at most 3 bytes written per byte
 * changed) and a start's replay to at most half a base more to parse. The floor keeps a small
 * history from being rewritten every few rounds: 4 MiB is some 5,000 changed downloads and
 * takes tens of milliseconds to replay. At start, a journal past the floor is folded in right
 * after it was read: the parsing is done then, and the rewrite, before the first poll, replaces
 * one that would otherwise hold up a poll round later.
 */
export const COMPACT_FLOOR_BYTES = 4 * MiB;

export interface HistoryFileStoreOptions {
  /** The base, e.g. `<userData>/history.json`; its folder is created when missing. */
  file: string;
  logger?: Logger;
  /** For the name of a moved-aside file; defaults to the real time. */
  now?: () => number;
  /** See COMPACT_FLOOR_BYTES; smaller in tests, to compact often. */
  compactFloorBytes?: number;
}

export interface HistoryFileStore extends HistoryStorage {
  readonly path: string;
  readonly journalPath: string;
  /** Whether anything is kept yet, without reading it. */
  exists(): boolean;
  /** Replaces everything with this history (moved over from the old shared settings file). */
  replace(history: unknown): void;
}

/** The history object as stored, its container checked, its entries not (the history does). */
interface StoredHistory extends Record<string, unknown> {
  baselined: unknown[];
  downloads: Record<string, unknown>;
}

type Change = { put: string; value: unknown } | { remove: string } | { baselined: unknown[] };
/** A journal line after the first: a change, or the end of a round. */
type Operation = Change | { end: number };

export function journalPathOf(file: string): string {
  return `${file.replace(/\.json$/, '')}-journal.ndjson`;
}

export function createHistoryFileStore({
  file,
  logger = silentLogger,
  now = Date.now,
  compactFloorBytes = COMPACT_FLOOR_BYTES,
}: HistoryFileStoreOptions): HistoryFileStore {
  const journal = journalPathOf(file);
  /** The id of the base on disk; null when there is none or it has none (the next write rewrites it). */
  let baseId: string | null = null;
  let baseBytes = 0;
  /** Bytes of whole rounds in the journal, its first line included; 0: the next round starts it afresh. */
  let journalBytes = 0;
  let rounds = 0;

  const bound = (): number => Math.max(compactFloorBytes, baseBytes / 2);

  /** Rewrites the base from `history` with a new id; the journal is then stale and deleted. */
  const compact = (history: unknown): void => {
    const id = randomBytes(8).toString('hex');
    const text = JSON.stringify({ [HISTORY_KEY]: { ...(history as object), journalId: id } });
    replaceFileSync(file, text, { durable: true });
    baseId = id;
    baseBytes = Buffer.byteLength(text);
    journalBytes = 0;
    rounds = 0;
    try {
      fs.rmSync(journal, { force: true });
    } catch (err) {
      // Harmless: it names the old base, so it is never replayed, and the next round overwrites it.
      logger.warn('could not delete the download history journal after rewriting the history', {
        error: String(err),
      });
    }
  };

  const append = (text: string, bytes: number): void => {
    try {
      if (journalBytes === 0) fs.writeFileSync(journal, text);
      else fs.appendFileSync(journal, text);
    } catch (err) {
      // Cut a partial append off, so the next round does not follow a torn one; when even that
      // fails, the next round rewrites the base, which makes this journal stale.
      try {
        if (fs.existsSync(journal)) fs.truncateSync(journal, journalBytes);
      } catch {
        baseId = null;
      }
      throw err;
    }
    journalBytes += bytes;
    rounds += 1;
  };

  /** Deletes a journal the base already holds; if that fails, the next round overwrites it. */
  const dropJournal = (): void => {
    try {
      fs.rmSync(journal, { force: true });
    } catch (err) {
      logger.warn('could not delete an outdated download history journal', { error: String(err) });
    }
  };

  const setJournalAside = (reason: string): void => {
    if (fs.existsSync(journal)) setAsideUnreadable(journal, reason, logger, now);
  };

  const read = (): unknown => {
    try {
      return readKept();
    } catch (err) {
      // Never start empty over files still there: the first round would write over them.
      const reason = `unreadable: ${String(err)}`;
      if (fs.existsSync(file)) setAsideUnreadable(file, reason, logger, now);
      setJournalAside(reason);
      baseId = null;
      journalBytes = 0;
      return undefined;
    }
  };

  const readKept = (): unknown => {
    removeTemporaries(file);
    baseId = null;
    baseBytes = 0;
    journalBytes = 0;
    rounds = 0;
    const base = readBase(file, logger, now);
    if (base === 'missing' || base === 'set aside') {
      setJournalAside(base === 'missing' ? 'its base, history.json, is missing' : 'its base was unreadable');
      return undefined;
    }
    baseBytes = base.bytes;
    const history = base.history;
    const id = history && typeof history['journalId'] === 'string' ? history['journalId'] : null;
    if (history) delete history['journalId'];
    if (id === null || !history) {
      // Older than the base (a version without journals rewrote it): already in it, or superseded.
      dropJournal();
      return history;
    }
    baseId = id;
    let buffer: Buffer;
    try {
      buffer = fs.readFileSync(journal);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        // Kept aside for a person; the next round rewrites the base rather than append to it.
        setJournalAside(`unreadable: ${code ?? String(err)}`);
        baseId = null;
      }
      return history;
    }
    const replayed = replay(history, buffer, id);
    if (replayed.stale) {
      // Compaction died after the rename: the base already holds everything the journal has.
      dropJournal();
      return history;
    }
    journalBytes = replayed.keptBytes;
    rounds = replayed.rounds;
    if (replayed.keptBytes < buffer.length) {
      logger.warn(
        'the download history journal ended in an incomplete round (the app stopped while writing it); that round was left out',
        {
          bytes: buffer.length - replayed.keptBytes,
        },
      );
      try {
        fs.truncateSync(journal, replayed.keptBytes);
      } catch {
        baseId = null;
      }
    }
    if (baseId !== null && journalBytes > compactFloorBytes) {
      try {
        compact(history);
        logger.info('folded the download history journal into the history at start', { bytes: baseBytes });
      } catch (err) {
        logger.error('could not rewrite the download history; the journal keeps the changes', {
          error: String(err),
        });
      }
    }
    return history;
  };

  const write = (changes: HistoryChanges): void => {
    if (baseId === null) {
      compact(changes.whole());
      return;
    }
    // Lines are made until the round would take the journal past the bound: then the base is
    // rewritten instead (an account's first import of 50,000 downloads goes straight there).
    const room = bound() - journalBytes;
    const parts: string[] = [];
    let bytes = 0;
    for (const line of roundLines(changes, journalBytes === 0 ? baseId : null, rounds + 1)) {
      parts.push(line);
      bytes += Buffer.byteLength(line);
      if (bytes > room) {
        compact(changes.whole());
        logger.info('rewrote the download history and emptied its journal', { bytes: baseBytes });
        return;
      }
    }
    append(parts.join(''), bytes);
  };

  return {
    path: file,
    journalPath: journal,
    read,
    write,
    exists: () => fs.existsSync(file) || fs.existsSync(journal),
    replace: compact,
  };
}

/** The lines of one round: the journal's first line when it starts afresh, the changes, its end. */
function* roundLines(changes: HistoryChanges, startsFor: string | null, round: number): Generator<string> {
  if (startsFor !== null) yield `${JSON.stringify({ journalId: startsFor })}\n`;
  for (const tracked of changes.upserts)
    yield `${JSON.stringify({ put: tracked.download.key, value: tracked })}\n`;
  for (const key of changes.removals) yield `${JSON.stringify({ remove: key })}\n`;
  if (changes.baselined) yield `${JSON.stringify({ baselined: changes.baselined })}\n`;
  yield `${JSON.stringify({ end: round })}\n`;
}

/**
 * Applies the journal's whole rounds to `history` in order. Stops at the first line that is
 * torn or not understood: what follows it is not trusted.
 */
function replay(
  history: StoredHistory,
  buffer: Buffer,
  baseId: string,
): { stale: boolean; keptBytes: number; rounds: number } {
  let keptBytes = 0;
  let rounds = 0;
  let pending: Change[] = [];
  for (let start = 0; start < buffer.length;) {
    const newline = buffer.indexOf(10, start);
    if (newline < 0) break; // a torn last line
    const line = parseLine(buffer.toString('utf8', start, newline));
    start = newline + 1;
    if (keptBytes === 0) {
      // The first line names the base the journal follows.
      if (!line || typeof line['journalId'] !== 'string') break;
      if (line['journalId'] !== baseId) return { stale: true, keptBytes: 0, rounds: 0 };
      keptBytes = start;
      continue;
    }
    const operation = line && asOperation(line);
    if (!operation) break;
    if (!('end' in operation)) {
      pending.push(operation);
      continue;
    }
    for (const op of pending) {
      if ('put' in op) history.downloads[op.put] = op.value;
      else if ('remove' in op) delete history.downloads[op.remove];
      else history.baselined = op.baselined;
    }
    pending = [];
    keptBytes = start;
    rounds += 1;
  }
  return { stale: false, keptBytes, rounds };
}

function parseLine(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function asOperation(line: Record<string, unknown>): Operation | null {
  if (typeof line['put'] === 'string' && isRecord(line['value']))
    return { put: line['put'], value: line['value'] };
  if (typeof line['remove'] === 'string') return { remove: line['remove'] };
  if (Array.isArray(line['baselined'])) return { baselined: line['baselined'] as unknown[] };
  if (typeof line['end'] === 'number') return { end: line['end'] };
  return null;
}

type BaseRead = 'missing' | 'set aside' | { bytes: number; history: StoredHistory | undefined };

/** The base's history object; an unreadable base is moved aside, as the other stores do. */
function readBase(file: string, logger: Logger, now: () => number): BaseRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    setAsideUnreadable(file, `unreadable: ${code ?? String(err)}`, logger, now);
    return 'set aside';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    setAsideUnreadable(file, 'not valid JSON', logger, now);
    return 'set aside';
  }
  if (!isRecord(value)) {
    setAsideUnreadable(file, 'not a JSON object', logger, now);
    return 'set aside';
  }
  const history = value[HISTORY_KEY];
  if (history === undefined) return { bytes: Buffer.byteLength(text), history: undefined };
  if (!isRecord(history) || !isRecord(history['downloads']) || !Array.isArray(history['baselined'])) {
    setAsideUnreadable(file, 'not a download history', logger, now);
    return 'set aside';
  }
  return { bytes: Buffer.byteLength(text), history: history as StoredHistory };
}

/** Temporary files a killed process left behind (the app runs one instance at a time). */
function removeTemporaries(file: string): void {
  const name = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const other of names) {
    if (!other.startsWith(`${name}.`) || !other.endsWith('.tmp')) continue;
    try {
      fs.rmSync(path.join(path.dirname(file), other), { force: true });
    } catch {
      // Left for the next start; it is never read.
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
