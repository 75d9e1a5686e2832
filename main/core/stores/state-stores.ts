// The app's state by concern. Settings, accounts and window bounds stay in the shared settings
// store (electron-store's config.json in the app); the download history and the save jobs,
// which change all the time, get a JSON file each, so a poll round rewrites only the history
// and a save only its jobs, never the settings file.
import path from 'node:path';
import { HISTORY_KEY } from '../monitor/history-store.js';
import { COMBINE_STORE_KEY } from '../files/combine-step.js';
import { STORE_KEY as SAVE_JOBS_KEY } from '../files/saver.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import { createJsonFileStore } from './json-file-store.js';

export const HISTORY_FILE = 'history.json';
export const SAVE_JOBS_FILE = 'save-jobs.json';

export interface StateStores {
  /** The monitor's download history. */
  history: KeyValueStore;
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
    history: createJsonFileStore({ file: path.join(dir, HISTORY_FILE), logger }),
    saveJobs: createJsonFileStore({ file: path.join(dir, SAVE_JOBS_FILE), logger }),
  };
  moveKeys(shared, stores.history, [HISTORY_KEY], logger);
  moveKeys(shared, stores.saveJobs, [SAVE_JOBS_KEY, COMBINE_STORE_KEY], logger);
  return stores;
}

/**
 * Copies each key the target lacks from the old shared file, then deletes it there. The new
 * file is written before the old key goes, so a crash in between repeats the move, harmlessly.
 */
function moveKeys(from: KeyValueStore, to: KeyValueStore, keys: string[], logger: Logger): void {
  for (const key of keys) {
    let value: unknown;
    try {
      value = from.get<unknown>(key);
      if (value === undefined) continue;
      if (to.get<unknown>(key) === undefined) to.set(key, value);
      from.delete(key);
      logger.info('moved app state to its own file', { key, file: to.path });
    } catch (err) {
      // The old copy stays where it was; the next start tries again.
      logger.error('could not move app state to its own file', { key, error: String(err) });
    }
  }
}
