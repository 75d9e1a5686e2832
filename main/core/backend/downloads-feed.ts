// Versioned downloads for the renderer: a snapshot carries a version, every change after it is
// a patch with the next version, so a renderer that misses one can tell and ask again.
//
// The window gets each download without what it never uses: result links lose their signed
// query (the signature, credential and expiry parameters, ~500 characters a file). That is
// most of a completed download's size, so the first snapshot of a 50,000-download history is
// a fraction of what it was; and a pre-signed link is a bearer credential for the file, which
// the renderer has no business holding. Saving looks the links up in the main process.
//
// The snapshot is only the newest page (FIRST_PAGE_SIZE): the window paints it at once and asks
// for the older pages in the background. Each page carries the version it was cut at; the list
// sorted at a version is kept until the next change, so paging through 50,000 sorts once.
// A change too large for one message (an account's first poll) tells the window to page again.
import {
  cutPage,
  downloadsPatch,
  FIRST_PAGE_SIZE,
  PAGE_SIZE,
  sortNewestFirst,
  type Download,
  type DownloadFile,
  type DownloadKey,
  type DownloadsCursor,
  type DownloadsPatch,
  type DownloadsSnapshot,
} from '../../../preload/contract/index.js';

/** `https://host/path/file.csv?X-Amz-...` -> `https://host/path/file.csv`: still unique per file. */
function unsignedUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** What the window is sent of a download. */
export function forWindow(download: Download): Download {
  if (download.files.length === 0) return download;
  const files: DownloadFile[] = download.files.map((f) => ({ ...f, url: unsignedUrl(f.url) }));
  return { ...download, files };
}

export class DownloadsFeed {
  private version = 0;
  private sorted: { version: number; list: Download[] } | null = null;

  constructor(
    private readonly current: () => Download[],
    private readonly publish: (patch: DownloadsPatch) => void,
  ) {}

  /** The newest page, at the current version. */
  snapshot(): DownloadsSnapshot {
    return this.cut(null, FIRST_PAGE_SIZE);
  }

  /** The page after `after`, at the current version (which may be later than the snapshot's). */
  page(after: DownloadsCursor): DownloadsSnapshot {
    return this.cut(after, PAGE_SIZE);
  }

  private cut(after: DownloadsCursor | null, size: number): DownloadsSnapshot {
    if (this.sorted?.version !== this.version) {
      this.sorted = { version: this.version, list: sortNewestFirst(this.current()) };
    }
    const { list } = this.sorted;
    const { downloads, next } = cutPage(list, after, size);
    return { version: this.version, downloads: downloads.map(forWindow), total: list.length, next };
  }

  changed(upserts: Download[], removals: DownloadKey[]): void {
    if (upserts.length === 0 && removals.length === 0) return;
    this.version += 1;
    this.sorted = null;
    const patch = downloadsPatch(this.version, upserts, removals);
    this.publish(patch.reload ? patch : { ...patch, upserts: patch.upserts.map(forWindow) });
  }
}
