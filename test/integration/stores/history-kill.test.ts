// kill -9 of a process writing history rounds (and compacting now and then) at random moments,
// again and again on the same files: each time the history must load and hold exactly the
// last round the child finished, or the one it was writing, never less, never a mix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DownloadHistory } from '../../../main/core/monitor/index.js';
import { createHistoryFileStore } from '../../../main/core/stores/index.js';
import { createRandom } from '../../sim/random.js';
import { expectedAfter, roundOf, spawnHistoryChild, stateOf } from './support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SEED = Number(process.env['HISTORY_KILL_SEED'] ?? 18);
const KILLS = 8;

/** Runs the child until it has loaded, waits `delayMs`, kills its group; the rounds it finished. */
async function runAndKill(
  input: Parameters<typeof spawnHistoryChild>[0],
  delayMs: number,
): Promise<{ started: number; lastRound: number; compactions: number }> {
  const { child, output, closed, killGroup } = spawnHistoryChild(input);
  const started = new Promise<void>((resolve) =>
    child.stdout.on('data', () => output.stdout.includes('started') && resolve()),
  );
  const first = await Promise.race([started.then(() => 'started' as const), closed]);
  if (first !== 'started')
    throw new Error(`the writing child exited early (${String(first)}): ${output.stderr}`);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  killGroup();
  const end = await closed;
  if (end !== 'SIGKILL')
    throw new Error(`the writing child ended on its own (${String(end)}): ${output.stderr}`);
  const rounds = [...output.stdout.matchAll(/^round (\d+)$/gm)].map((m) => Number(m[1]));
  return {
    started: Number(/^started (\d+)$/m.exec(output.stdout)![1]),
    lastRound: rounds.at(-1) ?? 0,
    compactions: output.stdout.match(/^info rewrote/gm)?.length ?? 0,
  };
}

it(
  `keeps the last complete round or the one in flight through kill -9 at random moments (seed ${SEED})`,
  { timeout: 180_000 },
  async () => {
    const random = createRandom(SEED);
    const file = path.join(dir, 'history.json');
    // A small floor, so the child compacts every dozen rounds or so and kills land inside some.
    const input = { file, seed: SEED, compactFloorBytes: 64 * 1024 };
    let lastComplete = 0;
    let compactions = 0;
    let inFlightKept = 0;
    let leftovers = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await runAndKill(input, 200 + Math.floor(random() * 1500));
      expect(run.started).toBe(lastComplete);
      lastComplete = Math.max(run.started, run.lastRound);
      compactions += run.compactions;
      // A temporary base or an outdated journal on disk: the kill came during a compaction.
      if (fs.readdirSync(dir).some((n) => n.endsWith('.tmp'))) leftovers += 1;

      const history = new DownloadHistory(createHistoryFileStore({ file }));
      const round = roundOf(history);
      expect([lastComplete, lastComplete + 1]).toContain(round);
      if (round > lastComplete) inFlightKept += 1;
      expect(stateOf(history, round)).toEqual(expectedAfter(round, SEED));
      lastComplete = round;
    }
    expect(lastComplete).toBeGreaterThan(KILLS);
    expect(compactions).toBeGreaterThan(0);
    console.log(
      `history kill test (seed ${SEED}): ${KILLS} kills, ${lastComplete} rounds, ${compactions} compactions seen, ` +
        `${inFlightKept} kill(s) after a round was written but before it was reported, ${leftovers} during a compaction's write`,
    );
  },
);
