// The last lines of the log, across the rotation, for the diagnostics.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_FILE_NAME, OLD_LOG_FILE_NAME } from './log-file.js';

export const DIAGNOSTICS_LOG_LINES = 200;

/**
 * At most this much from the end of each file: all of a file kept to its limit (1 MB and one
 * line), never the whole of one that something else let grow to gigabytes.
 */
const TAIL_BYTES = 2 * 1024 * 1024;

/** A log the diagnostics cannot read is one line saying so, not a failed report. */
function unreadable(path: string, err: unknown): string[] {
  return [`(${path} could not be read: ${(err as NodeJS.ErrnoException).code ?? String(err)})`];
}

async function linesOf(path: string): Promise<string[]> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return unreadable(path, err);
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    // Started in the middle of the file: the first piece is the end of a line, not a line.
    if (length < size) lines.shift();
    return lines.filter((line) => line.length > 0);
  } catch (err) {
    return unreadable(path, err);
  } finally {
    await file.close();
  }
}

/** The newest `count` lines of main.old.log followed by main.log, oldest first. */
export async function readLogTail(dir: string, count = DIAGNOSTICS_LOG_LINES): Promise<string[]> {
  const current = await linesOf(join(dir, LOG_FILE_NAME));
  if (current.length >= count) return current.slice(-count);
  const old = await linesOf(join(dir, OLD_LOG_FILE_NAME));
  return [...old, ...current].slice(-count);
}
