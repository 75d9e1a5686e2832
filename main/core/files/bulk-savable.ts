// Which downloads a bulk save takes: those the contract's whyNotSavable lets through (finished
// with files), not saved or saving already, and with links that still work. Pure, so the tray
// and the backend agree.
// The words for each reason are the contract's (NOT_SAVABLE_WORDS), shared with the renderer.
import {
  whyNotSavable,
  type Download,
  type DownloadKey,
  type NotSavableReason,
  type SaveJob,
} from '../../../preload/contract/index.js';
import { linkExpiresAt } from './link-expiry.js';

/** Null when `download` can be saved in bulk now, else why not. */
/** The states of each download's saves, looked up once per download instead of searched. */
export type SaveStates = ReadonlyMap<DownloadKey, readonly SaveJob['state'][]>;

export function saveStatesOf(saves: readonly Pick<SaveJob, 'downloadKey' | 'state'>[]): SaveStates {
  const states = new Map<DownloadKey, SaveJob['state'][]>();
  for (const s of saves) {
    const list = states.get(s.downloadKey);
    if (list) list.push(s.state);
    else states.set(s.downloadKey, [s.state]);
  }
  return states;
}

export function whyNotBulkSavable(
  download: Download,
  saves: SaveStates,
  now: number,
  options: { cancelledToo?: boolean } = {},
): NotSavableReason | null {
  const notSavable = whyNotSavable(download);
  if (notSavable) return notSavable.reason;
  // "Save all completed" leaves cancelled downloads to a choice of the user's.
  if (download.status === 'cancelled' && options.cancelledToo !== true) return 'not-finished';
  const own = saves.get(download.key) ?? [];
  if (own.some((state) => state === 'running' || state === 'queued')) return 'saving';
  if (own.includes('completed')) return 'saved';
  // A link of unknown expiry is tried: only a known past expiry rules the download out.
  const dead = download.files.some((f) => {
    const at = linkExpiresAt(f);
    return at !== null && at <= now;
  });
  return dead ? 'links-expired' : null;
}

/** "Save all completed": every completed download that whyNotBulkSavable lets through. */
export function savableCompleted(
  downloads: readonly Download[],
  saves: readonly Pick<SaveJob, 'downloadKey' | 'state'>[],
  now: number,
): Download[] {
  const states = saveStatesOf(saves);
  return downloads.filter((d) => whyNotBulkSavable(d, states, now) === null);
}
