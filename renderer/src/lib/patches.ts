// Snapshot + versioned patches, as pure functions: the store applies patches strictly in
// order and asks for a new snapshot when one is missing, or when a patch says to read again.
//
// A snapshot or page replaces the stretch of the newest-first list it covers, not the whole
// list: reading the list again (after a lost patch, or a change too large for one message)
// keeps the rows the window already shows until their own page replaces them, so a history
// of 50,000 never shrinks to one page and grows back while it is read again.
import type {
  Download,
  DownloadKey,
  DownloadsCursor,
  DownloadsPatch,
  DownloadsSnapshot,
} from '../../../preload/contract/index.js';
// The leaf, not the index: the index would bring the contract's schemas into the renderer bundle.
import { newestFirst } from '../../../preload/contract/download-pages.js';

export interface DownloadsState {
  version: number;
  byKey: ReadonlyMap<DownloadKey, Download>;
}

export type PatchOutcome =
  | { kind: 'applied'; state: DownloadsState; changed: Download[] }
  | { kind: 'stale' }
  /** A patch is missing: read the list again. */
  | { kind: 'gap' }
  /** The change was too large for one message: read the list again. */
  | { kind: 'reload' };

export const EMPTY_STATE: DownloadsState = { version: -1, byKey: new Map() };

export function applyPatch(state: DownloadsState, patch: DownloadsPatch): PatchOutcome {
  if (patch.version <= state.version) return { kind: 'stale' };
  if (patch.reload) return { kind: 'reload' };
  if (patch.version !== state.version + 1) return { kind: 'gap' };
  const byKey = new Map(state.byKey);
  for (const key of patch.removals) byKey.delete(key);
  for (const d of patch.upserts) byKey.set(d.key, d);
  return { kind: 'applied', state: { version: patch.version, byKey }, changed: patch.upserts };
}

/** Patches that arrived while a snapshot was loading, applied on top of it in order. */
export function replay(
  state: DownloadsState,
  queued: DownloadsPatch[],
): { state: DownloadsState; again: boolean } {
  let current = state;
  for (const p of [...queued].sort((a, b) => a.version - b.version)) {
    const r = applyPatch(current, p);
    if (r.kind === 'gap' || r.kind === 'reload') return { state: current, again: true };
    if (r.kind === 'applied') current = r.state;
  }
  return { state: current, again: false };
}

/** Whether `d` sorts into the stretch after `after` (the start when null) up to `through` (the end when null). */
function covers(d: Download, after: DownloadsCursor | null, through: DownloadsCursor | null): boolean {
  return (after === null || newestFirst(d, after) > 0) && (through === null || newestFirst(d, through) <= 0);
}

/**
 * A snapshot (`after` null) or the page after `after`, cut at `page.version`: what the state holds
 * in the stretch the page covers is replaced by the page, so a download gone since is dropped
 * and one the state held from before is brought up to date. `changed` are the downloads whose
 * status the page changed (for announcements).
 */
export function mergePage(
  state: DownloadsState,
  page: DownloadsSnapshot,
  after: DownloadsCursor | null,
): { state: DownloadsState; changed: Download[] } {
  const byKey = new Map(state.byKey);
  for (const [key, d] of state.byKey) if (covers(d, after, page.next)) byKey.delete(key);
  const changed: Download[] = [];
  for (const d of page.downloads) {
    const before = state.byKey.get(d.key);
    if (before && before.status !== d.status) changed.push(d);
    byKey.set(d.key, d);
  }
  return { state: { version: page.version, byKey }, changed };
}
