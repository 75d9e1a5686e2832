// Bulk saves and auto-saves wait their turn: one download at a time, each with "Files at once"
// transfers, so a "Save all completed" over fifty downloads never opens more connections than
// the setting says. The queue is kept in the store: saves still waiting when the app quits
// start after the next launch (an auto-save's completion is reported once, so nothing else
// would ask for it again).
import type { SaveJob } from '../../../preload/contract/index.js';
import type { DownloadKey } from '../../../preload/contract/index.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';

export const SAVE_QUEUE_KEY = 'saveQueue';

export interface SaveQueueDeps {
  /** Starts the save of one download (it may throw: then the next one goes). */
  start(key: DownloadKey, combine: boolean | undefined): Promise<SaveJob>;
  /** Resolves once that job is no longer running. */
  settled(jobId: string): Promise<unknown>;
  /** The queue changed (for the status and the list). */
  onChange(): void;
  /** Where the waiting saves are kept across restarts. */
  store: KeyValueStore;
  logger?: Logger;
}

export interface SaveQueue {
  /** Appends the keys not queued yet; returns the ones appended. */
  enqueue(keys: readonly DownloadKey[], combine: boolean | undefined): DownloadKey[];
  /** After a restart: queues again what was waiting when the app stopped. */
  resume(): void;
  queued(): DownloadKey[];
  dispose(): void;
}

interface Entry {
  key: DownloadKey;
  combine: boolean | undefined;
}

export function createSaveQueue(deps: SaveQueueDeps): SaveQueue {
  const logger = deps.logger ?? silentLogger;
  const waiting: Entry[] = [];
  /**
   * Taken from the queue and not settled yet: still kept in the store, so after a quit it goes
   * first again (the saver resumes its job; starting it again returns that job, and the queue
   * waits for it instead of running the next one beside it).
   */
  let current: Entry | null = null;
  /** Whether `current`'s job exists (then the saver lists it, and it is no longer "queued"). */
  let started = false;
  let pumping = false;
  let disposed = false;

  function persist(): void {
    if (disposed) return;
    const kept = current ? [current, ...waiting] : waiting;
    try {
      // JSON drops an undefined `combine`; resume() reads it back as undefined.
      deps.store.set(SAVE_QUEUE_KEY, kept);
    } catch (err) {
      // The queue runs on; only a restart before it empties would forget what waits.
      logger.error('could not record the queued saves', { error: String(err) });
    }
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (!disposed && waiting.length > 0) {
        const next = waiting.shift()!;
        current = next;
        started = false;
        deps.onChange();
        try {
          const job = await deps.start(next.key, next.combine);
          started = true;
          deps.onChange();
          await deps.settled(job.jobId);
        } catch (err) {
          logger.warn('queued save did not start', { key: next.key, reason: String(err) });
        }
        if (disposed) break;
        current = null;
        persist();
      }
    } finally {
      pumping = false;
    }
  }

  function add(entries: readonly Entry[]): DownloadKey[] {
    // Linear: "Save all completed" may queue thousands at once.
    const held = new Set(waiting.map((w) => w.key));
    if (current) held.add(current.key);
    const added: Entry[] = [];
    for (const e of entries) {
      if (held.has(e.key)) continue;
      held.add(e.key);
      added.push(e);
    }
    waiting.push(...added);
    if (added.length) {
      persist();
      deps.onChange();
      void pump();
    }
    return added.map((e) => e.key);
  }

  return {
    enqueue: (keys, combine) => add(keys.map((key) => ({ key, combine }))),
    resume() {
      let stored: unknown;
      try {
        stored = deps.store.get<unknown>(SAVE_QUEUE_KEY);
      } catch (err) {
        logger.error('could not read the queued saves', { error: String(err) });
        return;
      }
      if (!Array.isArray(stored)) return;
      const entries = stored.flatMap((e: unknown): Entry[] => {
        if (typeof e !== 'object' || e === null) return [];
        const { key, combine } = e as Record<string, unknown>;
        if (typeof key !== 'string' || key === '') return [];
        return [{ key, combine: typeof combine === 'boolean' ? combine : undefined }];
      });
      if (entries.length > 0) logger.info('queued saves continue after a restart', { count: entries.length });
      add(entries);
    },
    queued: () => {
      const keys = waiting.map((w) => w.key);
      return current && !started ? [current.key, ...keys] : keys;
    },
    dispose() {
      // Kept in the store as they are: they continue at the next start.
      disposed = true;
      waiting.length = 0;
    },
  };
}
