// Versioned downloads for the renderer: a snapshot carries a version, every change after it is
// a patch with the next version, so a renderer that misses one can tell and ask again.
import type {
  Download,
  DownloadKey,
  DownloadsPatch,
  DownloadsSnapshot,
} from '../../../preload/contract/index.js';

export class DownloadsFeed {
  private version = 0;

  constructor(
    private readonly current: () => Download[],
    private readonly publish: (patch: DownloadsPatch) => void,
  ) {}

  snapshot(): DownloadsSnapshot {
    return { version: this.version, downloads: this.current() };
  }

  changed(upserts: Download[], removals: DownloadKey[]): void {
    if (upserts.length === 0 && removals.length === 0) return;
    this.version += 1;
    this.publish({ version: this.version, upserts, removals });
  }
}
