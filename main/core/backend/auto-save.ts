// Auto-save (a setting): on completion, and before the links expire for anything left unsaved.
// The saves join the bulk-save queue: one download at a time, combined when the setting says so,
// exactly as "Save all completed" would save them. Turning the setting on with a long history
// whose links are about to expire must not open hundreds of saves at once.
import type { Download, DownloadKey, Settings } from '../../../preload/contract/index.js';
import type { DownloadEvent } from '../monitor/index.js';

export interface AutoSaveDeps {
  settings: () => Settings;
  downloads: () => Download[];
  /** Saved or being saved already: nothing to do. */
  alreadySaving: (key: DownloadKey) => boolean;
  /**
   * Queues the saves; the queue skips keys it holds already, and logs (never retries) a save
   * that cannot start.
   */
  enqueue: (keys: DownloadKey[]) => void;
}

export function createAutoSave({ settings, downloads, alreadySaving, enqueue }: AutoSaveDeps) {
  return function autoSave(events: readonly DownloadEvent[]): void {
    if (!settings().autoSave) return;
    const keys: DownloadKey[] = [];
    // Built on first use, once per batch: thousands of links can expire in one round.
    let byKey: Map<DownloadKey, Download> | null = null;
    const current = (key: DownloadKey): Download | undefined =>
      (byKey ??= new Map(downloads().map((d) => [d.key, d]))).get(key);
    for (const event of events) {
      // `save-due` comes when the links have Save-before-expiry hours left (the monitor times it).
      const wanted = event.kind === 'completed' || event.kind === 'save-due';
      if (!wanted || alreadySaving(event.downloadKey)) continue;
      const download = current(event.downloadKey) ?? event.download;
      if (download.files.length === 0) continue;
      keys.push(download.key);
    }
    if (keys.length > 0) enqueue(keys);
  };
}
