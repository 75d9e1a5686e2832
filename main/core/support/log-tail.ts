// The last lines of the log, across the rotation, for the diagnostics.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_FILE_NAME, OLD_LOG_FILE_NAME } from './log-file.js';

export const DIAGNOSTICS_LOG_LINES = 200;

async function linesOf(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text.split('\n').filter((line) => line.length > 0);
}

/** The newest `count` lines of main.old.log followed by main.log, oldest first. */
export async function readLogTail(dir: string, count = DIAGNOSTICS_LOG_LINES): Promise<string[]> {
  const current = await linesOf(join(dir, LOG_FILE_NAME));
  if (current.length >= count) return current.slice(-count);
  const old = await linesOf(join(dir, OLD_LOG_FILE_NAME));
  return [...old, ...current].slice(-count);
}
