// Tells the core which running downloads the user is looking at, so it polls their accounts
// on the fast interval (downloads.watch); everything else keeps the cheaper adaptive schedule.
//
// "Looking" = the window is visible and the download's row is on screen or its detail panel is
// open. Visibility comes from the page's own `document.visibilityState`: Electron sets it to
// "hidden" when the window is minimised or hidden (closed to the tray) on every platform, and
// on macOS also when it is fully covered (electron/docs/api/browser-window.md, "Page
// visibility"); a window that is merely unfocused is still on screen, so it still counts. The
// renderer is also the only place that knows which rows are on screen, so one signal from here
// covers both, with no new shell code.
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import { bridge, hasBridge } from './bridge.js';
import { clock } from './clock.svelte.js';

/** The core forgets a watch after 90 s (WATCH_TTL_MS); renewing every 30 s keeps it. */
const RENEW_MS = 30_000;
/** Scrolling changes the rows many times a second; the core hears the list it settles on. */
const SETTLE_MS = 400;

// Running or queued, and still on Datafiniti: a download it no longer has cannot change.
const isLive = (d: Download): boolean => (d.status === 'running' || d.status === 'queued') && !d.goneAt;

class Watching {
  #rows: DownloadKey[] = [];
  #detail: DownloadKey | null = null;
  #sent = '';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #renew: ReturnType<typeof setInterval> | null = null;
  #listening = false;

  /** The table's rows on screen; returns the cleanup for an $effect (stops the seconds tick). */
  showRows(visible: readonly Download[]): (() => void) | void {
    this.#rows = visible.filter(isLive).map((d) => d.key);
    this.#changed();
    if (this.#rows.length > 0) return clock.needSeconds();
  }

  /** The detail panel shows `download`; returns the cleanup for an $effect. */
  showDetail(download: Download): () => void {
    this.#detail = isLive(download) ? download.key : null;
    this.#changed();
    const release = this.#detail ? clock.needSeconds() : null;
    return () => {
      this.#detail = null;
      this.#changed();
      release?.();
    };
  }

  /** What the core is told now: nothing while the window is hidden. */
  keys(): DownloadKey[] {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return [];
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway value, not state
    const keys = new Set(this.#rows);
    if (this.#detail) keys.add(this.#detail);
    return [...keys].sort();
  }

  #changed(): void {
    this.#listen();
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#send(false);
    }, SETTLE_MS);
  }

  #listen(): void {
    if (this.#listening || typeof document === 'undefined') return;
    this.#listening = true;
    // Hidden must be heard at once: the core should not poll fast for a minimised window.
    document.addEventListener('visibilitychange', () => this.#send(false));
  }

  #send(renewal: boolean): void {
    if (!hasBridge()) return;
    const keys = this.keys();
    const text = keys.join('\n');
    if (!renewal && text === this.#sent) return;
    this.#sent = text;
    bridge()
      .downloads.watch(keys)
      .catch(() => {});
    if (keys.length > 0 && this.#renew === null) {
      this.#renew = setInterval(() => this.#send(true), RENEW_MS);
    } else if (keys.length === 0 && this.#renew !== null) {
      clearInterval(this.#renew);
      this.#renew = null;
    }
  }
}

export const watching = new Watching();
