// KeyValueStore on `conf` (the library under electron-store, so the app's electron-store
// adapter behaves the same). A corrupt or unreadable file is moved aside and the app starts
// with defaults: losing preferences is bad, refusing to start is worse.
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import { setAsideUnreadable } from '../stores/json-file-store.js';

export interface ConfStoreOptions {
  cwd: string;
  /** File name without `.json`. */
  name: string;
  logger?: Logger;
  /** For the name of the moved-aside file; defaults to the real time. */
  now?: () => number;
}

export function createConfStore({
  cwd,
  name,
  logger = silentLogger,
  now = Date.now,
}: ConfStoreOptions): KeyValueStore {
  const file = path.join(cwd, `${name}.json`);
  const open = (): Conf<Record<string, unknown>> =>
    // Keys are used as they are: a download key or account id may contain dots.
    new Conf({ cwd, configName: name, accessPropertiesByDotNotation: false, clearInvalidConfig: false });

  const moveAside = (reason: string): void => setAsideUnreadable(file, reason, logger, now);

  const problem = unreadableReason(file);
  if (problem) moveAside(problem);

  let conf: Conf<Record<string, unknown>>;
  try {
    conf = open();
  } catch (err) {
    moveAside(err instanceof Error ? err.message : String(err));
    conf = open();
  }

  /** A file that goes bad while running (another process, a disk error) is handled the same way. */
  const guarded = <T>(action: () => T): T => {
    try {
      return action();
    } catch (err) {
      if (!fs.existsSync(file)) throw err;
      moveAside(err instanceof Error ? err.message : String(err));
      return action();
    }
  };

  return {
    path: conf.path,
    get: <T>(key: string) => guarded(() => conf.get(key) as T | undefined),
    set: (key, value) => guarded(() => conf.set(key, value)),
    delete: (key) => guarded(() => conf.delete(key)),
  };
}

/** Why the file cannot be used, or null when it is absent or a JSON object. */
function unreadableReason(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return `unreadable: ${code ?? String(err)}`;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
    return null;
  } catch {
    return 'not valid JSON';
  }
}
