// Saving a completed download from the simulator's file host: files, manifest, credentials,
// parallelism, idempotence, progress.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSaveFolder } from '../../../main/core/files/index.js';
import type { Manifest } from '../../../main/core/files/manifest.js';
import type { SaveJob } from '../../../preload/contract/index.js';
import {
  addCompletedDownload,
  fileRequests,
  pacedFetch,
  sha256File,
  sha256Url,
  toDownload,
  useSimWorld,
} from './support.js';

const world = useSimWorld(7);

describe('saving a completed download', () => {
  it('writes every CSV file byte-identical to the host, with a manifest, and no .part left', async () => {
    const { saver, events } = world.startSaver();
    const parent = path.join(world.dir, 'Downloads', 'Datafiniti');
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 2500,
      recordsPerFile: 1000,
      format: 'csv',
    });
    const download = toDownload(world.sim, d);
    const folder = defaultSaveFolder(parent, 'Work', download.id);

    const started = await saver.save(download, { folder, accountLabel: 'Work' });
    const job = await saver.settled(started.jobId);

    expect(job?.state).toBe('completed');
    expect(job?.bytesDone).toBe(job?.bytesTotal);
    const names = d.files().map((f) => f.name);
    expect(readdirSync(folder).sort()).toEqual([...names, 'manifest.json'].sort());
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    for (const f of d.files()) {
      const saved = path.join(folder, f.name);
      const fresh = await sha256Url(f.url);
      expect(await sha256File(saved)).toBe(fresh);
      expect(manifest.files.find((m) => m.name === f.name)).toEqual({
        name: f.name,
        size: f.size,
        sha256: fresh,
        records: f.records,
      });
    }
    expect(manifest).toMatchObject({
      downloadId: download.id,
      accountLabel: 'Work',
      query: 'country:US',
      dataType: 'businesses',
      format: 'csv',
      records: { found: 2500, reported: 2500, matches: true },
    });
    expect(Number.isNaN(Date.parse(manifest.savedAt))).toBe(false);
    expect(job?.manifest).toEqual({
      path: path.join(folder, 'manifest.json'),
      recordsFound: 2500,
      recordsReported: 2500,
      matches: true,
    });
    expect(events.map((e) => e.kind)).toEqual(['finished']);
  });

  it('counts NDJSON records and never sends credentials or cookies to the file host', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 1500,
      recordsPerFile: 700,
      format: 'json',
    });
    const job = await saver.settled(
      (await saver.save(toDownload(world.sim, d), { folder: world.dir + '/j' })).jobId,
    );
    expect(job?.manifest).toMatchObject({ recordsFound: 1500, matches: true });
    const requests = fileRequests(world.sim);
    expect(requests.length).toBe(3);
    for (const r of requests) {
      expect(r.auth).toBe('none');
      expect(r.authorization).toBeUndefined();
      expect(r.cookie).toBeUndefined();
    }
  });

  it('reports a record count that differs from what the download said', async () => {
    const { saver, events } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 300, recordsPerFile: 1000 });
    const download = { ...toDownload(world.sim, d), numDownloaded: 310 };
    const job = await saver.settled((await saver.save(download, { folder: world.dir + '/m' })).jobId);
    expect(job?.state).toBe('completed');
    expect(job?.manifest).toMatchObject({ recordsFound: 300, recordsReported: 310, matches: false });
    const mismatch = events.find((e) => e.kind === 'record-mismatch');
    expect(mismatch).toMatchObject({ recordsFound: 300, recordsReported: 310 });
  });

  it('is idempotent: saving a download that is saving or saved returns the same job', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 2000, recordsPerFile: 1000 });
    const download = toDownload(world.sim, d);
    const folder = world.dir + '/i';
    const first = await saver.save(download, { folder });
    const second = await saver.save(download, { folder });
    expect(second.jobId).toBe(first.jobId);
    await saver.settled(first.jobId);
    const third = await saver.save(download, { folder: world.dir + '/elsewhere' });
    expect(third.jobId).toBe(first.jobId);
    expect(fileRequests(world.sim).length).toBe(2);
    expect(saver.jobs()).toHaveLength(1);
  });

  it('refuses a download that has not finished', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 10 });
    await expect(
      saver.save({ ...toDownload(world.sim, d), status: 'running' }, { folder: world.dir + '/r' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('keeps at most parallelFiles files in flight and reports live progress', async () => {
    const { saver, jobs } = world.startSaver({ fetch: pacedFetch(1.5 * 1024 * 1024) });
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 6000,
      recordsPerFile: 1000,
      bytesPerRecord: 500,
    });
    const started = await saver.save(toDownload(world.sim, d), {
      folder: world.dir + '/p',
      parallelFiles: 2,
    });
    const job = await saver.settled(started.jobId);
    expect(job?.state).toBe('completed');

    // In flight on the network: running and not all bytes here yet (a complete file may still
    // be fsyncing while its slot fetches the next one).
    const inFlight = (j: SaveJob) =>
      j.files.filter((f) => f.state === 'running' && f.bytesDone < (f.bytesTotal ?? Infinity)).length;
    expect(Math.max(...jobs.map(inFlight))).toBe(2);
    const running = jobs.filter((j) => j.state === 'running');
    expect(running.length).toBeGreaterThan(5);
    const done = running.map((j) => j.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(running.some((j) => j.speed > 0 && j.etaSeconds !== null)).toBe(true);
    expect(jobs[jobs.length - 1]?.state).toBe('completed');
  });

  it('throttles progress to one emission per 100 ms', async () => {
    const times: number[] = [];
    const { saver } = world.startSaver({
      fetch: pacedFetch(1024 * 1024),
      onJob: (j) => {
        if (j.state === 'running') times.push(performance.now());
      },
    });
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 6000,
      recordsPerFile: 2000,
      bytesPerRecord: 500,
    });
    const t0 = performance.now();
    const job = await saver.settled(
      (await saver.save(toDownload(world.sim, d), { folder: world.dir + '/t' })).jobId,
    );
    const elapsed = performance.now() - t0;
    expect(job?.state).toBe('completed');
    // Three 1 MB files at once at 1 MiB/s each: about a second of progress from ~200 chunks.
    expect(times.length).toBeGreaterThan(5);
    expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Timers may fire a millisecond early by rounding.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(98);
  });
});
