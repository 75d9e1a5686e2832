export { createJsonFileStore, setAsideUnreadable, type JsonFileStoreOptions } from './json-file-store.js';
export {
  COMPACT_FLOOR_BYTES,
  createHistoryFileStore,
  journalPathOf,
  type HistoryFileStore,
  type HistoryFileStoreOptions,
} from './history-file-store.js';
export { historyInKeyValueStore } from './key-value-history.js';
export { HISTORY_FILE, SAVE_JOBS_FILE, openStateStores, type StateStores } from './state-stores.js';
