export { createJsonFileStore, setAsideUnreadable, type JsonFileStoreOptions } from './json-file-store.js';
export { HISTORY_FILE, SAVE_JOBS_FILE, openStateStores, type StateStores } from './state-stores.js';
