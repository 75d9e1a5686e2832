// The app's state by concern. Settings, accounts and window bounds stay in the shared settings
// store (electron-store's config.json in the app); the download history and the save jobs,
// which change all the time, get files of their own, so a poll round writes only the history
// (what changed, to its journal) and a save only its jobs, never the settings file.
import path from 'node:path';
import { HISTORY_KEY } from '../monitor/history-store.js';
import { COMBINE_STORE_KEY } from '../files/combine-step.js';
import { STORE_KEY as SAVE_JOBS_KEY } from '../files/saver.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import { createHistoryFileStore, type HistoryFileStore } from './history-file-store.js';
import { createJsonFileStore } from './json-file-store.js';

export const HISTORY_FILE = 'history.json';
export const SAVE_JOBS_FILE = 'save-jobs.json';

export interface StateStores {
  /** The monitor's download history: `history.json` and its journal. */
  history: HistoryFileStore;
  /** Save jobs and their combine steps. */
  saveJobs: KeyValueStore;
}

export interface StateStoresOptions {
  /** The app's data folder (userData). */
  dir: string;
  /** The shared settings store, which held everything before: its keys are moved over once. */
  shared: KeyValueStore;
  logger?: Logger;
}

export function openStateStores({ dir, shared, logger = silentLogger }: StateStoresOptions): StateStores {
  const stores: StateStores = {
    history: createHistoryFileStore({ file: path.join(dir, HISTORY_FILE), logger }),
    saveJobs: createJsonFileStore({ file: path.join(dir, SAVE_JOBS_FILE), logger }),
  };
  moveKeys(
    shared,
    {
      path: stores.history.path,
      has: () => stores.history.exists(),
      set: (value) => stores.history.replace(value),
    },
    [HISTORY_KEY],
    logger,
  );
  moveKeys(
    shared,
    {
      path: stores.saveJobs.path,
      has: (key) => stores.saveJobs.get<unknown>(key) !== undefined,
      set: (value, key) => stores.saveJobs.set(key, value),
    },
    [SAVE_JOBS_KEY, COMBINE_STORE_KEY],
    logger,
  );
  return stores;
}

/** Where a key of the old shared file goes. */
interface MoveTarget {
  path: string | null;
  has(key: string): boolean;
  set(value: unknown, key: string): void;
}

/**
 * Copies each key the target lacks from the old shared file, then deletes it there. The new
 * file is written before the old key goes, so a crash in between repeats the move, harmlessly.
 */
function moveKeys(from: KeyValueStore, to: MoveTarget, keys: string[], logger: Logger): void {
  for (const key of keys) {
    let value: unknown;
    try {
      value = from.get<unknown>(key);
      if (value === undefined) continue;
      if (!to.has(key)) to.set(value, key);
      from.delete(key);
      logger.info('moved app state to its own file', { key, file: to.path });
    } catch (err) {
      // The old copy stays where it was; the next start tries again.
      logger.error('could not move app state to its own file', { key, error: String(err) });
    }
  }
}
