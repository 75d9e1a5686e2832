// A save killed with SIGKILL mid-transfer continues after a restart from its `.part` files,
// with Range, and ends byte-identical to a fresh download.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Manifest } from '../../../main/core/files/manifest.js';
import { PARTIAL_DIR } from '../../../main/core/files/unique-path.js';
import { childSaveOf, fileRequests, sha256Url, spawnSaveChild, useSimWorld } from './support.js';

const world = useSimWorld(99);

function partBytes(folder: string): Map<string, number> {
  const sizes = new Map<string, number>();
  const parts = path.join(folder, PARTIAL_DIR);
  if (!existsSync(parts)) return sizes;
  for (const name of readdirSync(parts)) {
    if (name.endsWith('.part')) sizes.set(name.slice(0, -5), statSync(path.join(parts, name)).size);
  }
  return sizes;
}

it('resumes after kill -9 of the saving process', { timeout: 30_000 }, async () => {
  const { d, folder, input } = childSaveOf(
    world,
    { numRecords: 6000, recordsPerFile: 2000, bytesPerRecord: 500 },
    512 * 1024,
  );
  const { output, closed, killGroup } = spawnSaveChild(input);

  // Kill once every file has bytes on disk, well before any is complete.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const sizes = partBytes(folder);
    if (sizes.size === 3 && [...sizes.values()].every((n) => n >= 64 * 1024)) break;
    if (Date.now() > deadline) throw new Error(`child made no progress: ${output.stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  killGroup();
  expect(await closed).toBe('SIGKILL');
  const atKill = partBytes(folder);
  // Nothing in the group may still write (a stray grandchild would finish the files itself).
  await new Promise((r) => setTimeout(r, 200));
  expect(partBytes(folder)).toEqual(atKill);

  expect(atKill.size).toBe(3);
  for (const f of d.files()) {
    expect(atKill.get(f.name)).toBeLessThan(f.size);
    expect(existsSync(path.join(folder, f.name))).toBe(false);
  }

  world.sim.clearLog();
  const { saver } = world.startSaver();
  const resumed = await saver.resumePending();
  expect(resumed).toHaveLength(1);
  const job = await saver.settled(resumed[0]!.jobId);
  expect(job?.state).toBe('completed');

  const requests = fileRequests(world.sim);
  expect(requests).toHaveLength(3);
  for (const f of d.files()) {
    const r = requests.find((x) => f.url.includes(x.path));
    expect(r).toMatchObject({ range: `bytes=${atKill.get(f.name)}-`, status: 206 });
  }

  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.records).toEqual({ found: 6000, reported: 6000, matches: true });
  for (const f of d.files()) {
    const fresh = await sha256Url(f.url);
    const saved = readFileSync(path.join(folder, f.name));
    expect(saved.length).toBe(f.size);
    expect(manifest.files.find((m) => m.name === f.name)?.sha256).toBe(fresh);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(saved).digest('hex')).toBe(fresh);
  }
  expect(readdirSync(folder).some((n) => n.endsWith('.part') || n === PARTIAL_DIR)).toBe(false);
});
