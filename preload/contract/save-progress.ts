// How the window rebuilds a whole save job from the one it holds and a progress event that
// carries only the changed file entries (main/core/backend/save-progress-feed.ts sends them).
import type { SaveFileProgress, SaveJob, SaveJobUpdate } from './bridge.js';

/**
 * A whole job from the one the window holds and an update; null when the update cannot be
 * merged (no base for entries it does not carry), so the window asks for `files.jobs()` again.
 */
export function mergeSaveUpdate(before: SaveJob | undefined, update: SaveJobUpdate): SaveJob | null {
  const { changedFiles, fileCount, ...rest } = update;
  const complete = changedFiles.length === fileCount;
  if (!complete && (!before || before.jobId !== update.jobId || before.files.length !== fileCount)) {
    return null;
  }
  const files = complete ? new Array<SaveFileProgress>(fileCount) : [...before!.files];
  for (const { index, ...entry } of changedFiles) files[index] = entry;
  return { ...rest, files };
}
