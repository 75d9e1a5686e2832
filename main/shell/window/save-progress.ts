// The taskbar / dock progress while files are being saved, in Electron's setProgressBar terms:
// -1 hides it, 0..1 is a fraction, anything above 1 is indeterminate.
import type { SaveJob } from '../../../preload/contract/index.js';

export const PROGRESS_HIDDEN = -1;
export const PROGRESS_INDETERMINATE = 2;

export function saveProgressFraction(saves: readonly SaveJob[]): number {
  const active = saves.filter((s) => s.state === 'running' || s.state === 'queued');
  if (active.length === 0) return PROGRESS_HIDDEN;
  let done = 0;
  let total = 0;
  for (const s of active) {
    // One save of unknown size makes the whole bar unknown: a fraction would jump backwards.
    if (s.bytesTotal === null || s.bytesTotal <= 0) return PROGRESS_INDETERMINATE;
    done += Math.min(Math.max(s.bytesDone, 0), s.bytesTotal);
    total += s.bytesTotal;
  }
  return done / total;
}
