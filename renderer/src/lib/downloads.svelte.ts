// The downloads as the renderer knows them: a snapshot plus the patches since, with a version.
// The snapshot is the newest page only, so the first paint does not wait for a long history;
// the older pages follow in the background (`older`), each merged at the version it was cut at.
// The list is read again the same way after a lost patch or a change too large for one patch,
// and the rows shown meanwhile stay until their page replaces them (patches.ts).
import type { Download, DownloadsPatch, DownloadsSnapshot } from '../../../preload/contract/index.js';
import { bridge, errorInfo } from './bridge.js';
import { applyPatch, EMPTY_STATE, mergePage, replay, type DownloadsState } from './patches.js';

/** Older pages still coming: how many downloads the window holds of how many there are. */
export interface OlderPages {
  loaded: number;
  total: number;
  /** Why the last page did not come (it is asked for again). */
  error?: string;
}

export class DownloadsStore {
  /** Raw: thousands of rows are replaced as a whole, never deeply proxied. */
  state = $state.raw<DownloadsState>(EMPTY_STATE);
  list = $derived([...this.state.byKey.values()]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  resyncs = $state(0);
  /** Null once the whole list is here. */
  older = $state.raw<OlderPages | null>(null);

  #loading: Promise<void> | null = null;
  #queued: DownloadsPatch[] = [];
  #onChange: ((before: Download | undefined, after: Download) => void) | null = null;
  /** Bumped by every new snapshot: a page chain of an older one stops. */
  #generation = 0;

  /** Called for every changed download (for announcements and notifications in the page). */
  onChange(listener: (before: Download | undefined, after: Download) => void): void {
    this.#onChange = listener;
  }

  get(key: string | null): Download | undefined {
    return key ? this.state.byKey.get(key) : undefined;
  }

  load(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const snapshot = await bridge().downloads.snapshot();
        const before = this.state;
        const merged = mergePage(before, snapshot, null);
        const { state, again } = replay(merged.state, this.#queued);
        this.#queued = [];
        this.state = state;
        this.loaded = true;
        this.loadError = null;
        this.#loading = null;
        this.#announce(before, merged.changed);
        if (again) {
          await this.resync();
          return;
        }
        this.#followPages(snapshot);
      } catch (err) {
        this.loadError = errorInfo(err).message;
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  private resync(): Promise<void> {
    this.resyncs += 1;
    return this.load();
  }

  /** Fetches the older pages one after another, yielding to the page between them. */
  #followPages(first: DownloadsSnapshot): void {
    const generation = ++this.#generation;
    this.older = first.next ? { loaded: first.downloads.length, total: first.total } : null;
    let next = first.next;
    let loaded = first.downloads.length;
    let retries = 0;
    let failures = 0;
    const step = async (): Promise<void> => {
      if (!next || generation !== this.#generation) return;
      let page: DownloadsSnapshot;
      try {
        page = await bridge().downloads.page(next);
      } catch (err) {
        // The list stays incomplete until a page comes: the note says so, and we try again.
        if (generation !== this.#generation) return;
        failures += 1;
        this.older = { loaded, total: this.older?.total ?? first.total, error: errorInfo(err).message };
        setTimeout(() => void step(), Math.min(30_000, 1000 * 2 ** failures));
        return;
      }
      failures = 0;
      if (generation !== this.#generation) return;
      // A page is cut at the version it names, and the transport delivers every patch up to it
      // before the page: so the versions match. If they do not (a patch in flight or lost),
      // ask for the same page again a few times, then for a new snapshot.
      if (this.#loading || page.version !== this.state.version) {
        retries += 1;
        if (retries > 3) void this.resync();
        else setTimeout(() => void step(), 50 * retries);
        return;
      }
      retries = 0;
      const before = this.state;
      const merged = mergePage(before, page, next);
      this.state = merged.state;
      this.#announce(before, merged.changed);
      loaded += page.downloads.length;
      next = page.next;
      this.older = next ? { loaded, total: page.total } : null;
      // After this page's rows are painted, not before: the window stays responsive.
      if (next) setTimeout(() => void step(), 0);
    };
    if (next) setTimeout(() => void step(), 0);
  }

  receive(patch: DownloadsPatch): void {
    if (this.#loading) {
      this.#queued.push(patch);
      return;
    }
    const before = this.state;
    const result = applyPatch(before, patch);
    if (result.kind === 'gap' || result.kind === 'reload') {
      this.#queued.push(patch);
      // A lost patch is counted; a change too large to send is expected (an account's first poll).
      void (result.kind === 'gap' ? this.resync() : this.load());
      return;
    }
    if (result.kind === 'stale') return;
    this.state = result.state;
    this.#announce(before, result.changed);
  }

  #announce(before: DownloadsState, changed: Download[]): void {
    if (this.#onChange) for (const d of changed) this.#onChange(before.byKey.get(d.key), d);
  }
}
