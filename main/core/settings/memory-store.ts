// An in-memory KeyValueStore with the same copy-on-write semantics as a file store (values go
// through JSON), for tests and the harness.
import type { KeyValueStore } from '../ports.js';

export function createMemoryStore(initial: Record<string, unknown> = {}): KeyValueStore & {
  dump(): Record<string, unknown>;
} {
  const data = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    path: null,
    get: <T>(key: string) => {
      const text = data.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    set: (key, value) => {
      data.set(key, JSON.stringify(value));
    },
    delete: (key) => {
      data.delete(key);
    },
    dump: () => Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v) as unknown])),
  };
}
