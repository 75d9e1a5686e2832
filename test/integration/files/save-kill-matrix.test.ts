// kill -9 of the saving process at several random moments, one after another on the same save
// (mid-body, between files, possibly between a last byte and its rename or inside the manifest
// write), then a resume: every byte is checked against the host, nothing is left behind.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Manifest } from '../../../main/core/files/manifest.js';
import { createRandom } from '../../sim/random.js';
import { childSaveOf, sha256Url, spawnSaveChild, useSimWorld, type SaveChildInput } from './support.js';

const world = useSimWorld(1818, { fetch, tempPrefix: 'dfd-kill-' });

/** Runs the child until it says it started, waits `delayMs`, kills its whole group with SIGKILL. */
async function runAndKill(input: SaveChildInput, delayMs: number): Promise<'killed' | 'finished'> {
  const { child, output, closed, killGroup } = spawnSaveChild(input);
  const started = new Promise<void>((resolve) =>
    child.stdout.on('data', () => {
      if (output.stdout.includes('started')) resolve();
    }),
  );
  const first = await Promise.race([started.then(() => 'started' as const), closed]);
  if (first !== 'started')
    throw new Error(`the saving child exited early (${String(first)}): ${output.stderr}`);
  const outcome = await Promise.race([
    new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), delayMs)),
    closed.then(() => 'exited' as const),
  ]);
  if (outcome === 'exited') {
    if (!output.stdout.includes('finished')) throw new Error(`the saving child failed: ${output.stderr}`);
    return 'finished';
  }
  killGroup();
  expect(await closed).toBe('SIGKILL');
  return 'killed';
}

const SEED = Number(process.env.KILL_MATRIX_SEED ?? 18);

it(`survives kill -9 at random moments (seed ${SEED}), every byte checked`, { timeout: 90_000 }, async () => {
  const random = createRandom(SEED);
  const { d, download, folder, input } = childSaveOf(
    world,
    { numRecords: 5000, recordsPerFile: 1000, bytesPerRecord: 300 },
    1024 * 1024,
  );

  // Five files of ~300 kB at 1 MB/s with three in flight: about 1.5 s of transfer in all.
  const kills: number[] = [];
  for (let round = 0; round < 5; round++) {
    const delay = Math.floor(random() * 600);
    if ((await runAndKill(input, delay)) === 'finished') break;
    kills.push(delay);
  }
  expect(kills.length).toBeGreaterThanOrEqual(1);

  const { saver } = world.startSaver();
  const resumed = await saver.resumePending();
  const jobId = resumed[0]?.jobId ?? (await saver.save(download, { folder })).jobId;
  const job = await saver.settled(jobId);
  expect(job?.state, `kills at ${kills.join(', ')} ms`).toBe('completed');

  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.records).toEqual({ found: 5000, reported: 5000, matches: true });
  for (const f of d.files()) {
    const fresh = await sha256Url(f.url);
    const saved = readFileSync(path.join(folder, f.name));
    expect(saved.length, f.name).toBe(f.size);
    expect(createHash('sha256').update(saved).digest('hex'), f.name).toBe(fresh);
    expect(manifest.files.find((m) => m.name === f.name)?.sha256).toBe(fresh);
  }
  // Exactly the files and the manifest: no `name (2)`, no partial folder, no temporaries.
  expect(readdirSync(folder).sort()).toEqual([...d.files().map((f) => f.name), 'manifest.json'].sort());
  expect(existsSync(path.join(folder, '.partial'))).toBe(false);
  saver.dispose();
});
