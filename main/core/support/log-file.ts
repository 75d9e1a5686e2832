// The log file: `<logs>/main.log`, rotated to `main.old.log` once it passes 1 MB (electron-log's
// defaults, so people who know that layout find what they expect). Lines arrive formatted and
// redacted by formatLogLine; `redact` runs once more here so nothing reaches disk unscrubbed.
//
// Why not electron-log itself: its main entry imports electron (so it cannot live in the core)
// and hooks the renderer over IPC; its Node entry works without Electron but formats every
// message again through its own transforms (util.inspect, its own date and level) and keeps a
// process-wide registry of open files. Our lines are already formatted and redacted by the
// Logger port, so a sink that appends strings and renames at 1 MB keeps one path from entry
// to disk, runs in the Node tests as it runs in the app, and the diagnostics read the same files.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const LOG_FILE_NAME = 'main.log';
export const OLD_LOG_FILE_NAME = 'main.old.log';
export const LOG_MAX_BYTES = 1024 * 1024;
/**
 * The longest line kept, in characters. A line longer than this (a server's whole answer, say)
 * is cut, so one entry can neither take the 2 MB the two files are allowed nor fill the
 * diagnostics. It is cut after redaction, so a secret is never halved out of the redactor's view.
 */
export const LOG_LINE_MAX_CHARS = 16 * 1024;

function capped(line: string): string {
  if (line.length <= LOG_LINE_MAX_CHARS) return line;
  const cut = `… [${line.length - LOG_LINE_MAX_CHARS} more characters not logged]`;
  return line.slice(0, LOG_LINE_MAX_CHARS) + cut;
}

export interface LogFileOptions {
  dir: string;
  maxBytes?: number;
  redact: (text: string) => string;
  /** Told once when the file cannot be written (a full disk must not crash the app). */
  onWriteError?: (error: unknown) => void;
}

export interface LogFile {
  readonly path: string;
  readonly dir: string;
  write(line: string): void;
}

export function createLogFile({
  dir,
  maxBytes = LOG_MAX_BYTES,
  redact,
  onWriteError,
}: LogFileOptions): LogFile {
  const path = join(dir, LOG_FILE_NAME);
  let dirMade = false;
  let failed = false;

  // Asked of the file before every line, not counted here: another writer on the same folder
  // (a second logger, a restart overlapping a quit) appends and rotates too, and a count of our
  // own lines alone would let the files grow past the limit or rotate away the other's lines.
  const currentSize = (): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };

  return {
    path,
    dir,
    write(line) {
      const text = `${capped(redact(line).replace(/\r?\n/g, ' '))}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (!dirMade) {
          mkdirSync(dir, { recursive: true });
          dirMade = true;
        }
        const size = currentSize();
        // Rotate before a write that would pass the limit; a single long line still gets written.
        if (size > 0 && size + bytes > maxBytes) renameSync(path, join(dir, OLD_LOG_FILE_NAME));
        appendFileSync(path, text, { encoding: 'utf8', mode: 0o600 });
        failed = false;
      } catch (err) {
        // The folder may have been removed meanwhile: make it again next time.
        dirMade = false;
        if (!failed) onWriteError?.(err);
        failed = true;
      }
    },
  };
}
