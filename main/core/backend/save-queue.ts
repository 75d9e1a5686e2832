// Bulk saves wait their turn: one download at a time, each with "Files at once" transfers, so a
// "Save all completed" over fifty downloads never opens more connections than the setting says.
import type { SaveJob } from '../../../preload/contract/index.js';
import type { DownloadKey } from '../../../preload/contract/index.js';
import { silentLogger, type Logger } from '../ports.js';

export interface SaveQueueDeps {
  /** Starts the save of one download (it may throw: then the next one goes). */
  start(key: DownloadKey, combine: boolean | undefined): Promise<SaveJob>;
  /** Resolves once that job is no longer running. */
  settled(jobId: string): Promise<unknown>;
  /** The queue changed (for the status and the list). */
  onChange(): void;
  logger?: Logger;
}

export interface SaveQueue {
  /** Appends the keys not queued yet; returns the ones appended. */
  enqueue(keys: readonly DownloadKey[], combine: boolean | undefined): DownloadKey[];
  queued(): DownloadKey[];
  dispose(): void;
}

export function createSaveQueue(deps: SaveQueueDeps): SaveQueue {
  const logger = deps.logger ?? silentLogger;
  const waiting: { key: DownloadKey; combine: boolean | undefined }[] = [];
  let pumping = false;
  let disposed = false;

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (!disposed && waiting.length > 0) {
        const next = waiting.shift()!;
        deps.onChange();
        try {
          const job = await deps.start(next.key, next.combine);
          await deps.settled(job.jobId);
        } catch (err) {
          logger.warn('queued save did not start', { key: next.key, reason: String(err) });
        }
      }
    } finally {
      pumping = false;
    }
  }

  return {
    enqueue(keys, combine) {
      const added = keys.filter((k) => !waiting.some((w) => w.key === k));
      for (const key of added) waiting.push({ key, combine });
      if (added.length) {
        deps.onChange();
        void pump();
      }
      return added;
    },
    queued: () => waiting.map((w) => w.key),
    dispose() {
      disposed = true;
      waiting.length = 0;
    },
  };
}
