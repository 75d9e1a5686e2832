// Save progress for the window as per-file changes: a job's event carries the job without its
// file list, plus the entries that changed since that job's last event. A save of 10,000 files
// used to send all 10,000 entries with each file's progress, O(n²) bytes; now each entry goes
// out when it changes. `files.jobs()` still returns whole jobs, the base the window merges onto
// (mergeSaveUpdate in the contract).
import type {
  SaveFileChange,
  SaveFileProgress,
  SaveJob,
  SaveJobUpdate,
} from '../../../preload/contract/index.js';

function same(a: SaveFileProgress, b: SaveFileProgress): boolean {
  return (
    a.name === b.name &&
    a.path === b.path &&
    a.bytesDone === b.bytesDone &&
    a.bytesTotal === b.bytesTotal &&
    a.state === b.state
  );
}

export class SaveProgressFeed {
  /** The file entries last sent, per job. */
  private readonly sent = new Map<string, readonly SaveFileProgress[]>();

  update(job: SaveJob): SaveJobUpdate {
    const { files, ...rest } = job;
    const before = this.sent.get(job.jobId);
    const changedFiles: SaveFileChange[] = [];
    // A job seen first, or whose file list was replaced, sends every entry.
    const whole = !before || before.length !== files.length;
    files.forEach((f, index) => {
      if (whole || !same(before[index]!, f)) changedFiles.push({ ...f, index });
    });
    this.sent.set(job.jobId, files);
    return { ...rest, fileCount: files.length, changedFiles };
  }
}
