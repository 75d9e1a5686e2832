// Snapshot + versioned patches, as pure functions: the store applies patches strictly in
// order and asks for a new snapshot when one is missing.
import type {
  Download,
  DownloadKey,
  DownloadsPatch,
  DownloadsSnapshot,
} from '../../../preload/contract/index.js';

export interface DownloadsState {
  version: number;
  byKey: ReadonlyMap<DownloadKey, Download>;
}

export type PatchOutcome =
  { kind: 'applied'; state: DownloadsState; changed: Download[] } | { kind: 'stale' } | { kind: 'gap' };

export function fromSnapshot(snapshot: DownloadsSnapshot): DownloadsState {
  return { version: snapshot.version, byKey: new Map(snapshot.downloads.map((d) => [d.key, d])) };
}

export function applyPatch(state: DownloadsState, patch: DownloadsPatch): PatchOutcome {
  if (patch.version <= state.version) return { kind: 'stale' };
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
): { state: DownloadsState; gap: boolean } {
  let current = state;
  for (const p of [...queued].sort((a, b) => a.version - b.version)) {
    const r = applyPatch(current, p);
    if (r.kind === 'gap') return { state: current, gap: true };
    if (r.kind === 'applied') current = r.state;
  }
  return { state: current, gap: false };
}

/**
 * An older page, cut at the state's own version: its downloads join the list. A download the
 * state already holds is the same one at that version, so the page's copy replaces it as is.
 */
export function mergePage(state: DownloadsState, page: DownloadsSnapshot): DownloadsState {
  const byKey = new Map(state.byKey);
  for (const d of page.downloads) byKey.set(d.key, d);
  return { version: state.version, byKey };
}
