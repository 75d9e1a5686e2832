// Expired result links: refreshed once from the API, or a clear `expired` outcome; the S3 XML
// error body is never written as data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkExpiresAt } from '../../../main/core/files/index.js';
import type { Download } from '../../../preload/contract/index.js';
import {
  addCompletedDownload,
  fileRequests,
  sha256File,
  sha256Url,
  toDownload,
  useSimWorld,
} from './support.js';

const world = useSimWorld(23);

function setup() {
  return { ...world.startSaver(), folder: path.join(world.dir, 'saved') };
}

function minuteText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function noXmlSaved(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    expect(readFileSync(path.join(folder, name), 'utf8')).not.toContain('<Error>');
  }
}

describe('expired links', () => {
  it('fetches the download once more and saves with the freshly signed links', async () => {
    const { saver, refresher, events, folder } = setup();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 3000, recordsPerFile: 1000 });
    const stale = toDownload(world.sim, d);
    world.sim.expireLinks(d.id);
    world.sim.resignLinks(d.id);

    const job = await saver.settled((await saver.save(stale, { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(refresher.calls).toHaveLength(1);
    const statuses = fileRequests(world.sim).map((r) => r.status);
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    for (const f of d.files()) {
      expect(await sha256File(path.join(folder, f.name))).toBe(await sha256Url(f.url));
    }
    noXmlSaved(folder);
    expect(events.map((e) => e.kind)).toEqual(['finished']);
  });

  it('ends `expired`, with the expiry time, when the API has no new links', async () => {
    const { saver, refresher, events, folder } = setup();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 2000, recordsPerFile: 1000 });
    const download = toDownload(world.sim, d);
    world.sim.expireLinks(d.id);

    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('expired');
    expect(job?.error?.code).toBe('expired');
    const expiresAt = linkExpiresAt(download.files[0]!)!;
    expect(job?.error?.message).toContain(minuteText(expiresAt));
    expect(job?.error?.message).toContain('Request has expired');
    expect(refresher.calls).toHaveLength(1);
    expect(events.map((e) => e.kind)).toEqual(['expired']);
    expect(job?.files.every((f) => f.state !== 'done')).toBe(true);
    noXmlSaved(folder);
    for (const f of d.files()) expect(existsSync(path.join(folder, f.name))).toBe(false);
  });

  it('asks the API first when expiresAt is past, then lets the file host say whether the link is dead', async () => {
    const { saver, refresher, folder } = setup();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const past = Date.now() - 3600_000;
    const download: Download = {
      ...toDownload(world.sim, d),
      files: toDownload(world.sim, d).files.map((f) => ({ ...f, expiresAt: new Date(past).toISOString() })),
    };
    world.sim.expireLinks(d.id);
    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('expired');
    expect(job?.error?.message).toContain(`expired on ${minuteText(past)} UTC`);
    expect(fileRequests(world.sim).map((r) => r.status)).toEqual([403]);
    expect(refresher.calls).toHaveLength(1);
    noXmlSaved(folder);
  });

  it("saves a link that still works although this computer's clock says it expired", async () => {
    // A clock set days ahead (or an expiry the API got wrong): only the file host knows.
    const { saver, refresher, folder } = setup();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const download: Download = {
      ...toDownload(world.sim, d),
      files: toDownload(world.sim, d).files.map((f) => ({
        ...f,
        expiresAt: new Date(Date.now() - 2 * 24 * 3600_000).toISOString(),
      })),
    };
    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('completed');
    expect(refresher.calls).toHaveLength(1);
    for (const f of d.files()) {
      expect(await sha256File(path.join(folder, f.name))).toBe(await sha256Url(f.url));
    }
  });

  it('uses a new link handed out for a file whose expiresAt is past', async () => {
    const { saver, folder } = setup();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 1000, recordsPerFile: 1000 });
    const base = toDownload(world.sim, d);
    const download: Download = {
      ...base,
      files: base.files.map((f) => ({ ...f, expiresAt: new Date(Date.now() - 1000).toISOString() })),
    };
    world.sim.resignLinks(d.id);
    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('completed');
    const requests = fileRequests(world.sim);
    expect(requests).toHaveLength(1);
    expect(base.files[0]!.url).not.toContain(requests[0]!.query);
  });
});
