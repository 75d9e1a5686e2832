// Auto-save (a setting): on completion, and before the links expire for anything left unsaved.
// A save that cannot start is logged, never retried here: the next event tries again.
import type { Download, Settings } from '../../../preload/contract/index.js';
import type { DownloadEvent } from '../monitor/index.js';
import type { Logger } from '../ports.js';
import type { SaveRules } from './save-rules.js';

export interface AutoSaveDeps {
  settings: () => Settings;
  downloads: () => Download[];
  rules: SaveRules;
  logger: Logger;
}

export function createAutoSave({ settings, downloads, rules, logger }: AutoSaveDeps) {
  return function autoSave(events: readonly DownloadEvent[]): void {
    const { autoSave: enabled, saveBeforeExpiryHours } = settings();
    if (!enabled) return;
    for (const event of events) {
      const wanted =
        event.kind === 'completed' ||
        (event.kind === 'links-expiring' && (event.hoursLeft ?? 0) <= saveBeforeExpiryHours);
      if (!wanted || rules.alreadySaving(event.downloadKey)) continue;
      const download = downloads().find((d) => d.key === event.downloadKey) ?? event.download;
      if (download.files.length === 0) continue;
      void Promise.resolve()
        .then(() => rules.save(download))
        .catch((err: unknown) =>
          logger.warn('auto-save did not start', { key: download.key, reason: String(err) }),
        );
    }
  };
}
