// Save progress as the window receives it: per-file changes, merged back into whole jobs.
import { describe, expect, it } from 'vitest';
import { SaveProgressFeed } from '../../../main/core/backend/save-progress-feed.js';
import { mergeSaveUpdate } from '../../../preload/contract/save-progress.js';
import type { SaveFileProgress, SaveJob } from '../../../preload/contract/index.js';

const SIZE = 1000;

/** A save of n files, three at a time, as the saver reports it: an event per file step. */
function* saveOf(n: number): Generator<SaveJob> {
  const files: SaveFileProgress[] = Array.from({ length: n }, (_, i) => ({
    name: `part-${i}.csv`,
    path: `/home/u/Datafiniti/123/part-${i}.csv`,
    bytesDone: 0,
    bytesTotal: SIZE,
    state: 'waiting',
  }));
  const job = (state: SaveJob['state']): SaveJob => ({
    jobId: 'job-1',
    downloadKey: 'acc:v4:123',
    folder: '/home/u/Datafiniti/123',
    state,
    files: files.map((f) => ({ ...f })),
    bytesDone: files.reduce((s, f) => s + f.bytesDone, 0),
    bytesTotal: n * SIZE,
    speed: 1000,
    etaSeconds: null,
    error: null,
    manifest: null,
  });
  yield job('queued');
  for (let i = 0; i < n; i += 3) {
    const batch = files.slice(i, i + 3);
    for (const f of batch) f.state = 'running';
    yield job('running');
    for (const f of batch) f.bytesDone = SIZE / 2;
    yield job('running');
    for (const f of batch) Object.assign(f, { bytesDone: SIZE, state: 'done' });
    yield job('running');
  }
  yield job('completed');
}

/** Bytes the window is sent for a whole save of n files, and the job it ends up with. */
function send(n: number): { bytes: number; last: SaveJob; held: SaveJob | undefined; events: number } {
  const feed = new SaveProgressFeed();
  let bytes = 0;
  let held: SaveJob | undefined;
  let last: SaveJob | undefined;
  let events = 0;
  for (const job of saveOf(n)) {
    const update = feed.update(job);
    bytes += JSON.stringify(update).length;
    events += 1;
    held = mergeSaveUpdate(held, update) ?? undefined;
    // The window holds exactly the job the core has, after every event.
    expect(held).toEqual(job);
    last = job;
  }
  return { bytes, last: last!, held, events };
}

describe('save progress events', () => {
  it('a save of many files sends bytes that grow linearly with the files, not quadratically', () => {
    const small = send(300);
    const large = send(1200);
    expect(large.held).toEqual(large.last);
    // 4× the files, 4× the events: with every entry in every event the bytes grew 16×.
    expect(large.events / small.events).toBeCloseTo(4, 0);
    expect(large.bytes / small.bytes).toBeLessThan(5);
    // Per event, a few entries: not the whole list.
    expect(large.bytes / large.events).toBeLessThan(1500);
  });

  it('the first event of a job carries every file; a later one only what changed', () => {
    const feed = new SaveProgressFeed();
    const [queued, running] = [...saveOf(10)];
    expect(feed.update(queued!).changedFiles).toHaveLength(10);
    const second = feed.update(running!);
    expect(second.fileCount).toBe(10);
    expect(second.changedFiles.map((f) => [f.index, f.state])).toEqual([
      [0, 'running'],
      [1, 'running'],
      [2, 'running'],
    ]);
  });

  it('changes to a job the window holds no whole copy of are not merged into a made-up job', () => {
    const feed = new SaveProgressFeed();
    const [queued, running] = [...saveOf(10)];
    feed.update(queued!);
    // The window opened after the first event: it must ask for the whole job.
    expect(mergeSaveUpdate(undefined, feed.update(running!))).toBeNull();
  });
});
