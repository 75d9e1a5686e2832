// What the monitor knows, kept across restarts: the last state of every download and what was
// already reported about it. Only API data and markers go in here, never a credential.
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import { silentLogger, type Logger } from '../ports.js';
import type { TrackedDownload } from './types.js';

/** The history's key in `history.json` (and in the shared settings file it was moved from). */
export const HISTORY_KEY = 'monitorHistory';
export const HISTORY_VERSION = 1;

/** The whole history as kept on disk. */
export interface PersistedHistory {
  version: number;
  /** Accounts whose existing downloads were imported once, silently. */
  baselined: string[];
  downloads: Record<DownloadKey, TrackedDownload>;
}

/** One round's changes, each download whole, so replaying rounds in order rebuilds the history. */
export interface HistoryChanges {
  /** Downloads new or changed in something worth keeping (see `sameEssence`). */
  upserts: TrackedDownload[];
  removals: DownloadKey[];
  /** The whole list of baselined accounts, when it changed this round. */
  baselined: string[] | null;
  /** The whole history with these changes in, for a store that rewrites its file now. */
  whole(): PersistedHistory;
}

/**
 * Where the history is kept. The history hands over only what changed; how that reaches the
 * disk (a journal, or the whole object rewritten) is the store's business.
 */
export interface HistoryStorage {
  /** Where it is on disk, for logs and tests; null when in memory. */
  readonly path: string | null;
  /** What was kept, undefined when nothing; its entries are checked by the history. */
  read(): unknown;
  /** Keeps one round. Throws when it could not: then none of it counts as kept. */
  write(changes: HistoryChanges): void;
}

export class DownloadHistory {
  private readonly entries = new Map<DownloadKey, TrackedDownload>();
  private readonly baselined = new Set<string>();
  /** Downloads put or removed since the last save that succeeded. */
  private readonly changed = new Set<DownloadKey>();
  private baselinedChanged = false;

  constructor(
    private readonly store: HistoryStorage,
    private readonly logger: Logger = silentLogger,
  ) {
    this.load();
  }

  get(key: DownloadKey): TrackedDownload | undefined {
    return this.entries.get(key);
  }

  forAccount(accountId: string): TrackedDownload[] {
    return [...this.entries.values()].filter((t) => t.download.accountId === accountId);
  }

  all(): TrackedDownload[] {
    return [...this.entries.values()];
  }

  downloads(): Download[] {
    return this.all().map((t) => t.download);
  }

  /**
   * Remembers the latest state. Only a change worth keeping marks the history for saving, so
   * a round that merely looked again does not rewrite the file.
   */
  put(tracked: TrackedDownload): void {
    const before = this.entries.get(tracked.download.key);
    this.entries.set(tracked.download.key, tracked);
    if (!before || !sameEssence(before, tracked)) this.changed.add(tracked.download.key);
  }

  remove(key: DownloadKey): boolean {
    const removed = this.entries.delete(key);
    if (removed) this.changed.add(key);
    return removed;
  }

  isBaselined(accountId: string): boolean {
    return this.baselined.has(accountId);
  }

  markBaselined(accountId: string): void {
    if (this.baselined.has(accountId)) return;
    this.baselined.add(accountId);
    this.baselinedChanged = true;
  }

  /** Drops everything about an account; returns the keys removed. */
  forgetAccount(accountId: string): DownloadKey[] {
    const keys = this.forAccount(accountId).map((t) => t.download.key);
    for (const key of keys) {
      this.entries.delete(key);
      this.changed.add(key);
    }
    if (this.baselined.delete(accountId)) this.baselinedChanged = true;
    return keys;
  }

  /** Hands the store what changed since the last save, if anything did. */
  save(): void {
    if (this.changed.size === 0 && !this.baselinedChanged) return;
    const upserts: TrackedDownload[] = [];
    const removals: DownloadKey[] = [];
    for (const key of this.changed) {
      const tracked = this.entries.get(key);
      if (tracked) upserts.push(tracked);
      else removals.push(key);
    }
    try {
      this.store.write({
        upserts,
        removals,
        baselined: this.baselinedChanged ? [...this.baselined] : null,
        whole: () => ({
          version: HISTORY_VERSION,
          baselined: [...this.baselined],
          downloads: Object.fromEntries(this.entries),
        }),
      });
      this.changed.clear();
      this.baselinedChanged = false;
    } catch (err) {
      // Keep running on a full or read-only disk; the changes stay pending for the next save.
      this.logger.error('could not save the download history', { error: String(err) });
    }
  }

  private load(): void {
    let raw: unknown;
    try {
      raw = this.store.read();
    } catch (err) {
      this.logger.error('could not read the download history; starting without it', { error: String(err) });
      return;
    }
    if (raw === undefined) return;
    if (!isRecord(raw) || !isRecord(raw['downloads']) || !Array.isArray(raw['baselined'])) {
      this.logger.warn('the stored download history has an unexpected shape; starting without it');
      return;
    }
    for (const id of raw['baselined']) if (typeof id === 'string') this.baselined.add(id);
    let skipped = 0;
    for (const [key, entry] of Object.entries(raw['downloads'])) {
      if (isTracked(entry) && entry.download.key === key) this.entries.set(key, entry);
      else skipped += 1;
    }
    if (skipped > 0) this.logger.warn('skipped unreadable entries of the download history', { skipped });
  }
}

/**
 * Whether two states differ in anything worth writing. Compared field by field, not through
 * JSON.stringify: with 50,000 downloads, two stringifies per download per round cost seconds.
 */
function sameEssence(a: TrackedDownload, b: TrackedDownload): boolean {
  return (
    a.expiryMarkedFor === b.expiryMarkedFor &&
    a.linkRefreshTriedFor === b.linkRefreshTriedFor &&
    a.pace?.lastCount === b.pace?.lastCount &&
    a.pace?.lastIncreaseAt === b.pace?.lastIncreaseAt &&
    jsonEqual(a.markers, b.markers) &&
    jsonEqual(a.download, b.download)
  );
}

/** Deep equality of JSON values, as `JSON.stringify(a) === JSON.stringify(b)` would judge them. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // JSON writes NaN and Infinity as null; undefined only occurs as a missing key (below).
    return typeof a === 'number' && typeof b === 'number' && !Number.isFinite(a) && !Number.isFinite(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Keys whose value is undefined are absent in JSON.
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !jsonEqual(ra[k], rb[k])) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTracked(value: unknown): value is TrackedDownload {
  if (!isRecord(value) || !isRecord(value['download']) || !Array.isArray(value['markers'])) return false;
  const download = value['download'];
  return (
    typeof download['key'] === 'string' &&
    typeof download['accountId'] === 'string' &&
    typeof download['status'] === 'string' &&
    Array.isArray(download['files']) &&
    typeof value['firstSeenAt'] === 'number' &&
    typeof value['observedAt'] === 'number'
  );
}
