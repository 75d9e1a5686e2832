// Resuming: dropped connections, an ETag that changed under a `.part`, a server that ignores
// Range, and cancel with and without keeping the partial files.
import { electronNetFetch } from '../../support/electron-net-fetch.js';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSaver, STORE_KEY, type SaverDeps } from '../../../main/core/files/index.js';
import type { PersistedJob } from '../../../main/core/files/save-job.js';
import { PARTIAL_DIR, partialPath } from '../../../main/core/files/unique-path.js';
import type { FetchPort } from '../../../main/core/ports.js';
import type { SimDownload } from '../../sim/index.js';
import {
  JsonFileStore,
  addCompletedDownload,
  apiRefresher,
  editingFetch,
  fileRequests,
  pacedFetch,
  sha256File,
  sha256Url,
  tempDir,
  useSimWorld,
  toDownload,
} from './support.js';

const world = useSimWorld(11);
let tmp: ReturnType<typeof tempDir>;

afterEach(() => {
  tmp?.cleanup();
});

const FAST_RETRY = { backoffBaseMs: 20, maxBackoffMs: 100 };

function setup(fetchPort: FetchPort = electronNetFetch, extra: Partial<SaverDeps> = {}) {
  tmp ??= tempDir();
  const store = new JsonFileStore(path.join(tmp.dir, 'store.json'));
  const saver = createSaver({
    fetch: fetchPort,
    store,
    refreshDownload: apiRefresher(world.sim, world.account).refresh,
    tuning: FAST_RETRY,
    ...extra,
  });
  return { saver, store };
}

/** Compares with a fresh download of each file; those checking requests are left out of the log. */
async function expectIdentical(folder: string, d: SimDownload): Promise<void> {
  const logged = world.sim.log.length;
  for (const f of d.files()) {
    expect(await sha256File(path.join(folder, f.name)), f.name).toBe(await sha256Url(f.url));
  }
  expect(readdirSync(folder).filter((n) => n.endsWith('.part') || n === PARTIAL_DIR)).toEqual([]);
  world.sim.log.splice(logged);
}

/** A store holding a job that was running when the app died, with `.part` bytes on disk. */
function craftInterruptedJob(d: SimDownload, etag: string | null, partBytes: Buffer) {
  tmp = tempDir();
  const folder = path.join(tmp.dir, 'saved');
  mkdirSync(folder, { recursive: true });
  const download = toDownload(world.sim, d);
  const file = d.files()[0]!;
  writeFileSync(path.join(folder, `${file.name}.part`), partBytes);
  const job: PersistedJob = {
    schema: 1,
    jobId: 'job-1',
    downloadKey: download.key,
    download,
    folder,
    accountLabel: null,
    parallelFiles: 3,
    state: 'running',
    error: null,
    files: [
      {
        sourceName: file.name,
        url: file.url,
        expiresAt: null,
        name: file.name,
        etag,
        size: file.size,
        done: false,
        sha256: null,
        records: null,
      },
    ],
    manifestName: 'manifest.json',
    manifest: null,
    createdAt: Date.now(),
    finishedAt: null,
  };
  new JsonFileStore(path.join(tmp.dir, 'store.json')).set(STORE_KEY, { [job.jobId]: job });
  world.sim.clearLog();
  return { file, folder };
}

async function fileBytes(url: string, start: number, end: number): Promise<Buffer> {
  const res = await fetch(url, { headers: { range: `bytes=${start}-${end - 1}` } });
  return Buffer.from(await res.arrayBuffer());
}

describe('resuming a save', () => {
  it('continues a dropped connection from the .part with Range', async () => {
    tmp = tempDir();
    const { saver } = setup();
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 4000,
      recordsPerFile: 2000,
      bytesPerRecord: 300,
    });
    world.sim.inject({ kind: 'reset', path: /^\/files\//, resetAfterBytes: 150_000, times: 2 });
    const folder = path.join(tmp.dir, 'reset');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);

    expect(job?.state).toBe('completed');
    await expectIdentical(folder, d);
    const resumed = fileRequests(world.sim).filter((r) => r.range);
    // Two connections were cut; a cut can also drop bytes still in the socket buffer (RST), so
    // at least one of them resumes from bytes on disk.
    expect(fileRequests(world.sim)).toHaveLength(4);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    for (const r of resumed) {
      expect(r.range).toMatch(/^bytes=\d+-$/);
      expect(Number(/=(\d+)/.exec(r.range!)![1])).toBeGreaterThan(0);
      expect(r.status).toBe(206);
    }
    expect(job?.manifest).toMatchObject({ recordsFound: 4000, matches: true });
  });

  it('starts the file again when its ETag changed since the .part was written', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const { file, folder } = craftInterruptedJob(
      d,
      '"0123456789abcdef0123456789abcdef"',
      Buffer.alloc(5000, 'Z'),
    );
    const { saver } = setup();
    const [job] = await saver.resumePending();
    const done = await saver.settled(job!.jobId);

    expect(done?.state).toBe('completed');
    await expectIdentical(folder, d);
    const requests = fileRequests(world.sim);
    // If-Range carried the old ETag, so the host sent the whole, new file.
    expect(requests.map((r) => [r.range, r.status])).toEqual([['bytes=5000-', 200]]);
    expect(statSync(path.join(folder, file.name)).size).toBe(file.size);
  });

  it('starts again when a 206 carries a different ETag (If-Range stripped on the way)', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const { folder } = craftInterruptedJob(d, '"0123456789abcdef0123456789abcdef"', Buffer.alloc(5000, 'Z'));
    const { saver } = setup(editingFetch((h) => h.delete('if-range')));
    const [job] = await saver.resumePending();
    expect((await saver.settled(job!.jobId))?.state).toBe('completed');
    await expectIdentical(folder, d);
    expect(fileRequests(world.sim).map((r) => [r.range, r.status])).toEqual([
      ['bytes=5000-', 206],
      [undefined, 200],
    ]);
  });

  it('starts again from the 200 body when the server ignores Range', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const file = d.files()[0]!;
    const prefix = await fileBytes(file.url, 0, 7000);
    const { folder } = craftInterruptedJob(d, file.etag, prefix);
    const { saver } = setup(editingFetch((h) => h.delete('range')));
    const [job] = await saver.resumePending();
    expect((await saver.settled(job!.jobId))?.state).toBe('completed');
    await expectIdentical(folder, d);
    // One request, answered 200: the prefix was replaced, not duplicated.
    expect(fileRequests(world.sim).map((r) => r.status)).toEqual([200]);
    expect(statSync(path.join(folder, file.name)).size).toBe(file.size);
  });

  it('resumes a matching .part after a restart, re-hashing its prefix for the manifest', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const file = d.files()[0]!;
    const { folder } = craftInterruptedJob(d, file.etag, await fileBytes(file.url, 0, 12_345));
    const { saver } = setup();
    const [job] = await saver.resumePending();
    const done = await saver.settled(job!.jobId);
    expect(done?.state).toBe('completed');
    await expectIdentical(folder, d);
    expect(fileRequests(world.sim).map((r) => [r.range, r.status])).toEqual([['bytes=12345-', 206]]);
    expect(done?.manifest).toMatchObject({ recordsFound: 1000, matches: true });
  });

  it('counts a file renamed just before a crash as saved instead of fetching it again', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const file = d.files()[0]!;
    const { folder } = craftInterruptedJob(d, file.etag, await fileBytes(file.url, 0, file.size));
    renameSync(path.join(folder, `${file.name}.part`), path.join(folder, file.name));
    world.sim.clearLog();
    const { saver } = setup();
    const [job] = await saver.resumePending();
    const done = await saver.settled(job!.jobId);
    expect(done?.state).toBe('completed');
    expect(fileRequests(world.sim)).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual([file.name, 'manifest.json']);
    expect(done?.manifest).toMatchObject({ recordsFound: 1000, matches: true });
    await expectIdentical(folder, d);
  });

  it('cancel stops at once, mid-body, and keeps the .part for a later resume', async () => {
    tmp = tempDir();
    const { saver } = setup(pacedFetch(256 * 1024));
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 1000,
      recordsPerFile: 1000,
      bytesPerRecord: 400,
    });
    const folder = path.join(tmp.dir, 'cancel');
    const started = await saver.save(toDownload(world.sim, d), { folder });
    const file = d.files()[0]!;
    const part = partialPath(folder, file.name);
    await until(() => existsSync(part) && statSync(part).size >= 64 * 1024);

    const t0 = performance.now();
    await saver.cancel(started.jobId, { keepPartial: true });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(saver.job(started.jobId)?.state).toBe('cancelled');
    const kept = statSync(part).size;
    await new Promise((r) => setTimeout(r, 200));
    // The transfer really stopped: nothing more arrives after the cancel.
    expect(statSync(part).size).toBe(kept);
    expect(kept).toBeLessThan(file.size);
    expect(existsSync(path.join(folder, file.name))).toBe(false);

    // Saving again resumes from the kept bytes.
    world.sim.clearLog();
    const again = await saver.save(toDownload(world.sim, d), { folder });
    expect(again.jobId).toBe(started.jobId);
    expect((await saver.settled(again.jobId))?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => r.range)).toEqual([`bytes=${kept}-`]);
    await expectIdentical(folder, d);
  });

  it('cancel without keepPartial removes the .part files', async () => {
    tmp = tempDir();
    const { saver } = setup(pacedFetch(256 * 1024));
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 2000,
      recordsPerFile: 1000,
      bytesPerRecord: 400,
    });
    const folder = path.join(tmp.dir, 'cancel2');
    const started = await saver.save(toDownload(world.sim, d), { folder });
    await until(
      () =>
        existsSync(path.join(folder, PARTIAL_DIR)) &&
        readdirSync(path.join(folder, PARTIAL_DIR)).filter((n) => n.endsWith('.part')).length === 2,
    );
    await saver.cancel(started.jobId, { keepPartial: false });
    expect(readdirSync(folder)).toEqual([]);
    expect(saver.job(started.jobId)).toMatchObject({ state: 'cancelled', bytesDone: 0 });
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
