// A KeyValueStore that is one JSON file of its own, for state that changes often (the save
// jobs). Unlike the shared settings file (electron-store, or conf in Node), it reads the file
// once and never again: every write is the whole object from memory, written to a temporary
// file and renamed over the old one, so a crash leaves the old or the new file, never half of
// one. Writes are as frequent as the callers make them: the saver writes its jobs at most once
// per 250 ms (or at once for a change a crash must not lose). The download history, far larger,
// has a store that writes only what changed (history-file-store.ts).
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';

export interface JsonFileStoreOptions {
  /** The file, e.g. `<userData>/history.json`; its folder is created when missing. */
  file: string;
  logger?: Logger;
  /** For the name of a moved-aside file; defaults to the real time. */
  now?: () => number;
}

export function createJsonFileStore({
  file,
  logger = silentLogger,
  now = Date.now,
}: JsonFileStoreOptions): KeyValueStore {
  // Values are kept as JSON text: a get returns a copy (as a file store would), and a write
  // joins the texts instead of stringifying every value again.
  const values = new Map<string, string>(
    Object.entries(load(file, logger, now)).map(([key, value]) => [key, JSON.stringify(value)]),
  );

  const write = (): void => {
    const body = [...values].map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',');
    replaceFileSync(file, `{${body}}`);
  };

  return {
    path: file,
    get: <T>(key: string) => {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    set: (key, value) => {
      const text = JSON.stringify(value);
      // undefined is "no value", as in a JSON file.
      if (text === undefined) values.delete(key);
      else values.set(key, text);
      write();
    },
    delete: (key) => {
      if (values.delete(key)) write();
    },
  };
}

/** The file's object; an absent file is empty, an unreadable one is moved aside (and empty). */
function load(file: string, logger: Logger, now: () => number): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    setAsideUnreadable(file, `unreadable: ${code ?? String(err)}`, logger, now);
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    setAsideUnreadable(file, 'not valid JSON', logger, now);
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    setAsideUnreadable(file, 'not a JSON object', logger, now);
    return {};
  }
  return value as Record<string, unknown>;
}

/**
 * Moves a file that cannot be read out of the way (removes it when even that fails). Losing
 * state is bad, refusing to start is worse: the file is kept beside for a person to look at.
 */
export function setAsideUnreadable(
  file: string,
  reason: string,
  logger: Logger,
  now: () => number = Date.now,
): void {
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  // history.json -> history.corrupt-<time>.json; history-journal.ndjson likewise.
  const extension = path.extname(file);
  const aside = `${file.slice(0, file.length - extension.length)}.corrupt-${stamp}${extension}`;
  try {
    fs.renameSync(file, aside);
    logger.error(
      `Store file ${file} could not be read (${reason}); moved it to ${aside} and started without it.`,
      {
        file,
        movedTo: aside,
      },
    );
  } catch (err) {
    logger.error(`Store file ${file} could not be read (${reason}) nor moved aside; starting without it.`, {
      file,
      error: String(err),
    });
    fs.rmSync(file, { force: true });
  }
}

/**
 * Writes `text` to a temporary file beside `file` and renames it over `file`, so a crash leaves
 * the old file or the new one, never half of one. `durable` also fsyncs the data before the
 * rename and the folder after it, for a file whose loss would lose more than its last change.
 */
export function replaceFileSync(file: string, text: string, { durable = false } = {}): void {
  const folder = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(folder, { recursive: true });
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeFileSync(fd, text);
      if (durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
  if (durable) syncFolder(folder);
}

/** Makes a rename itself durable; folders cannot be opened for this on Windows, nor need it. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort, see above.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
