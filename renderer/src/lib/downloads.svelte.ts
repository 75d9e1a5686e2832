// The downloads as the renderer knows them: a snapshot plus the patches since, with a version.
import type { Download, DownloadsPatch } from '../../../preload/contract/index.js';
import { bridge, errorInfo } from './bridge.js';
import { applyPatch, fromSnapshot, replay, type DownloadsState } from './patches.js';

export class DownloadsStore {
  /** Raw: thousands of rows are replaced as a whole, never deeply proxied. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh copy, published whole to $state.raw
  state = $state.raw<DownloadsState>({ version: -1, byKey: new Map() });
  list = $derived([...this.state.byKey.values()]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  resyncs = $state(0);

  #loading: Promise<void> | null = null;
  #queued: DownloadsPatch[] = [];
  #onChange: ((before: Download | undefined, after: Download) => void) | null = null;

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
        const { state, gap } = replay(fromSnapshot(snapshot), this.#queued);
        this.#queued = [];
        this.state = state;
        this.loaded = true;
        this.loadError = null;
        this.#loading = null;
        if (gap) await this.resync();
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

  receive(patch: DownloadsPatch): void {
    if (this.#loading) {
      this.#queued.push(patch);
      return;
    }
    const before = this.state;
    const result = applyPatch(before, patch);
    if (result.kind === 'gap') {
      this.#queued.push(patch);
      void this.resync();
      return;
    }
    if (result.kind === 'stale') return;
    this.state = result.state;
    if (this.#onChange) for (const d of result.changed) this.#onChange(before.byKey.get(d.key), d);
  }
}
