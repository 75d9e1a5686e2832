// File-host faults and crash leftovers that once got through: a result named like another's
// partial file, a web page instead of the file, a crash between the last byte and the rename,
// a crash inside the manifest write, throttling, a flipped byte, a short body, and a wrong-size
// file where a renamed one was expected. Every case ends with the bytes checked.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../main/core/files/manifest.js';
import { PARTIAL_DIR, partialPath } from '../../../main/core/files/unique-path.js';
import type { FetchPort } from '../../../main/core/ports.js';
import type { SimDownload } from '../../sim/index.js';
import {
  FAST_RETRY,
  addCompletedDownload,
  fileBytes,
  fileRequests,
  sha256File,
  sha256Url,
  storeInterruptedJob,
  toDownload,
  useSimWorld,
} from './support.js';

const world = useSimWorld(18, { fetch, tuning: FAST_RETRY });

/** Fetch whose file bodies are edited on the way in (the first `times` of them). */
function bodyEditingFetch(edit: (body: Buffer) => Buffer, times = 1): FetchPort {
  let left = times;
  return async (input, init) => {
    const res = await fetch(input, init);
    if (left <= 0 || !res.ok || !String(input).includes('/files/')) return res;
    left -= 1;
    const body = edit(Buffer.from(await res.arrayBuffer()));
    return new Response(new Uint8Array(body), { status: res.status, headers: res.headers });
  };
}

/** A store holding one job that was running when the app died, its partial folder made; returns its folder. */
function interruptedJob(d: SimDownload, fields: { etag: string | null; size: number | null }): string {
  const { folder } = storeInterruptedJob(world, d, fields);
  mkdirSync(path.join(folder, PARTIAL_DIR));
  return folder;
}

describe('names no result can take', () => {
  it('a result named "X.part" leaves the result "X" whole (and is saved itself)', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 3000,
      recordsPerFile: 1000,
      bytesPerRecord: 300,
    });
    const [a, b, c] = d.files();
    const download = toDownload(world.sim, d);
    const names = ['report.csv.part', 'middle.csv', 'report.csv'];
    download.files = download.files.map((f, i) => ({ ...f, name: names[i]! }));
    const folder = path.join(world.dir, 'parts');

    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(job?.files.map((f) => f.name)).toEqual(names);
    expect(await sha256File(path.join(folder, 'report.csv.part'))).toBe(await sha256Url(a!.url));
    expect(await sha256File(path.join(folder, 'middle.csv'))).toBe(await sha256Url(b!.url));
    expect(await sha256File(path.join(folder, 'report.csv'))).toBe(await sha256Url(c!.url));
    expect(readdirSync(folder).sort()).toEqual([...names, 'manifest.json'].sort());
  });

  it('a result named manifest.json is the one numbered; the app keeps manifest.json', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 200, recordsPerFile: 100 });
    const download = toDownload(world.sim, d);
    download.files = download.files.map((f, i) => ({ ...f, name: i === 0 ? 'manifest.json' : f.name }));
    const folder = path.join(world.dir, 'm');
    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(job?.files[0]?.name).toBe('manifest (2).json');
    expect(job?.manifest?.path).toBe(path.join(folder, 'manifest.json'));
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.downloadId).toBe(download.id);
    expect(await sha256File(path.join(folder, 'manifest (2).json'))).toBe(await sha256Url(d.files()[0]!.url));
  });
});

describe('answers that are not the file', () => {
  it('refuses a 200 web page (captive portal) instead of saving it as the CSV', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    world.sim.inject({ kind: 'portal-page', path: /^\/files\//, times: 10 });
    const folder = path.join(world.dir, 'portal');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job?.state).toBe('failed');
    expect(job?.error?.message).toMatch(/sent a web page .* instead of the file/);
    expect(job?.manifest).toBeNull();
    // Nothing of the page is on disk, under any name (nor the folder made for it).
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('saves the file after a flipped byte: the MD5 check catches it and starts the file again', async () => {
    const flip = (body: Buffer): Buffer => {
      body[Math.floor(body.length / 2)]! ^= 0x01;
      return body;
    };
    const { saver } = world.startSaver({ fetch: bodyEditingFetch(flip) });
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 300, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    expect(file.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const folder = path.join(world.dir, 'flip');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(fileRequests(world.sim)).toHaveLength(2);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
  });

  it('resumes a body that ended early with Range instead of calling it complete', async () => {
    const { saver } = world.startSaver({ fetch: bodyEditingFetch((body) => body.subarray(0, 10_000)) });
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 300, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = path.join(world.dir, 'short');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job?.state).toBe('completed');
    // The second request continues after the 10,000 bytes that did arrive.
    expect(fileRequests(world.sim).map((r) => r.range)).toEqual([undefined, 'bytes=10000-']);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
  });
});

describe('throttling', () => {
  it('waits out 503 + Retry-After beyond the failure limit, with the wait in the job', async () => {
    const { saver, jobs } = world.startSaver({ tuning: { ...FAST_RETRY, maxThrottleWaitMs: 30 } });
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    world.sim.inject({ kind: 'unavailable', path: /^\/files\//, retryAfterSeconds: 5, times: 9 });
    const folder = path.join(world.dir, 'slow');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => r.status)).toEqual([...Array(9).fill(503), 200]);
    expect(jobs.some((j) => j.state === 'running' && typeof j.waitingUntil === 'string')).toBe(true);
    expect(job?.waitingUntil ?? null).toBeNull();
    expect(await sha256File(path.join(folder, d.files()[0]!.name))).toBe(await sha256Url(d.files()[0]!.url));
  });

  it('gives up only after the long bound, with a message that says so', async () => {
    const { saver } = world.startSaver({
      tuning: { ...FAST_RETRY, maxThrottleWaitMs: 30, maxThrottleMs: 100 },
    });
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    world.sim.inject({ kind: 'unavailable', path: /^\/files\//, retryAfterSeconds: 5, times: 100 });
    const job = await saver.settled(
      (await saver.save(toDownload(world.sim, d), { folder: path.join(world.dir, 'gave-up') })).jobId,
    );
    expect(job?.state).toBe('failed');
    expect(job?.error).toMatchObject({ code: 'rate-limited', retryable: false });
    expect(job?.error?.message).toMatch(/kept asking to slow down/);
  });
});

describe('crash leftovers', () => {
  it('finishes a complete .part (416 bytes */SIZE) instead of fetching the file again', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 500, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: file.etag, size: file.size });
    writeFileSync(partialPath(folder, file.name), await fileBytes(file.url, 0, file.size));
    world.sim.clearLog();
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    const job = await saver.settled(resumed!.jobId);
    expect(job?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => r.status)).toEqual([416]);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
    expect(job?.manifest).toMatchObject({ recordsFound: 500, matches: true });
  });

  it('fetches again when a complete-looking .part fails the MD5 check', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 500, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: file.etag, size: file.size });
    const bytes = await fileBytes(file.url, 0, file.size);
    bytes[100]! ^= 0x01;
    writeFileSync(partialPath(folder, file.name), bytes);
    world.sim.clearLog();
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    expect((await saver.settled(resumed!.jobId))?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => r.status)).toEqual([416, 200]);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
  });

  it('resumes a .part the store knows no ETag for, from the ETag note beside it', async () => {
    // Killed before the store's next write: the job has no ETag yet, the note beside the part does.
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 500, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: null, size: null });
    writeFileSync(partialPath(folder, file.name), await fileBytes(file.url, 0, 20_000));
    writeFileSync(path.join(folder, PARTIAL_DIR, `${file.name}.etag`), file.etag);
    world.sim.clearLog();
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    expect((await saver.settled(resumed!.jobId))?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => [r.range, r.status])).toEqual([['bytes=20000-', 206]]);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
  });

  it('never resumes a .part nothing proves is this file: it starts the file again', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 500, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: null, size: null });
    writeFileSync(partialPath(folder, file.name), Buffer.alloc(20_000, 'Z'));
    world.sim.clearLog();
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    expect((await saver.settled(resumed!.jobId))?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => [r.range, r.status])).toEqual([[undefined, 200]]);
    expect(await sha256File(path.join(folder, file.name))).toBe(await sha256Url(file.url));
  });

  it('removes a manifest temporary left by a crash', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: file.etag, size: file.size });
    writeFileSync(path.join(folder, 'manifest.json.tmp-424242'), '{"half":');
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    expect((await saver.settled(resumed!.jobId))?.state).toBe('completed');
    expect(readdirSync(folder).sort()).toEqual([file.name, 'manifest.json'].sort());
  });

  it('does not adopt a file of the wrong size where a renamed file was expected', async () => {
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 400, bytesPerRecord: 200 });
    const file = d.files()[0]!;
    const folder = interruptedJob(d, { etag: file.etag, size: file.size });
    // Not the file a crash could have left: the first half of it under the final name.
    writeFileSync(path.join(folder, file.name), await fileBytes(file.url, 0, Math.floor(file.size / 2)));
    world.sim.clearLog();
    const { saver } = world.startSaver();
    const [resumed] = await saver.resumePending();
    const job = await saver.settled(resumed!.jobId);
    expect(job?.state).toBe('completed');
    expect(fileRequests(world.sim)).toHaveLength(1);
    const saved = job!.files[0]!;
    expect(await sha256File(saved.path)).toBe(await sha256Url(file.url));
  });

  it('a save that fails before writing anything (expired links) leaves no folder', async () => {
    // The API has no fresh links either: it hands back the same dead ones.
    const { saver } = world.startSaver({ refreshDownload: async (same) => same });
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    const download = toDownload(world.sim, d);
    download.files = download.files.map((f) => ({ ...f, expiresAt: '2000-01-01T00:00:00Z' }));
    // Dead at the file host too: the host, not this computer's clock, has the last word.
    world.sim.expireLinks(d.id);
    const folder = path.join(world.dir, 'never');
    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('expired');
    expect(readdirSync(world.dir)).not.toContain('never');
  });
});
