// What the monitor knows, kept across restarts: the last state of every download and what was
// already reported about it. Only API data and markers go in here, never a credential.
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import type { TrackedDownload } from './types.js';

export const HISTORY_KEY = 'monitorHistory';
const HISTORY_VERSION = 1;

interface PersistedHistory {
  version: number;
  /** Accounts whose existing downloads were imported once, silently. */
  baselined: string[];
  downloads: Record<DownloadKey, TrackedDownload>;
}

export class DownloadHistory {
  private readonly entries = new Map<DownloadKey, TrackedDownload>();
  private readonly baselined = new Set<string>();
  private dirty = false;

  constructor(
    private readonly store: KeyValueStore,
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
    if (!before || !sameEssence(before, tracked)) this.dirty = true;
  }

  remove(key: DownloadKey): boolean {
    const removed = this.entries.delete(key);
    this.dirty ||= removed;
    return removed;
  }

  isBaselined(accountId: string): boolean {
    return this.baselined.has(accountId);
  }

  markBaselined(accountId: string): void {
    if (this.baselined.has(accountId)) return;
    this.baselined.add(accountId);
    this.dirty = true;
  }

  /** Drops everything about an account; returns the keys removed. */
  forgetAccount(accountId: string): DownloadKey[] {
    const keys = this.forAccount(accountId).map((t) => t.download.key);
    for (const key of keys) this.entries.delete(key);
    this.dirty ||= keys.length > 0 || this.baselined.has(accountId);
    this.baselined.delete(accountId);
    return keys;
  }

  /** Writes to the store if anything changed since the last save. */
  save(): void {
    if (!this.dirty) return;
    const value: PersistedHistory = {
      version: HISTORY_VERSION,
      baselined: [...this.baselined],
      downloads: Object.fromEntries(this.entries),
    };
    try {
      this.store.set(HISTORY_KEY, value);
      this.dirty = false;
    } catch (err) {
      // Keep running on a full or read-only disk; the next save tries again.
      this.logger.error('could not save the download history', { error: String(err) });
    }
  }

  private load(): void {
    let raw: unknown;
    try {
      raw = this.store.get<unknown>(HISTORY_KEY);
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
