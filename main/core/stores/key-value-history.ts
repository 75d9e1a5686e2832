// The download history as one value of a KeyValueStore, rewritten whole each round that
// changed something (how the app kept it before the journal). For in-memory stores: tests and
// benchmarks that do not look at files; the app uses the history file store.
import { HISTORY_KEY, type HistoryStorage } from '../monitor/history-store.js';
import type { KeyValueStore } from '../ports.js';

export function historyInKeyValueStore(store: KeyValueStore): HistoryStorage {
  return {
    path: store.path,
    read: () => store.get<unknown>(HISTORY_KEY),
    write: (changes) => store.set(HISTORY_KEY, changes.whole()),
  };
}
