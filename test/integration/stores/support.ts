// The history kill test's pieces: the rounds a writing child applies (the same for a seed, so
// the test can rebuild what any round left), and the child itself, spawned as save tests do.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DownloadHistory, type TrackedDownload } from '../../../main/core/monitor/index.js';
import { createMemoryStore } from '../../../main/core/settings/index.js';
import { historyInKeyValueStore } from '../../../main/core/stores/index.js';
import { createRandom } from '../../sim/random.js';
import { trackedDownload } from '../../support/tracked-download.js';
import { spawnTsxChild } from '../../support/tsx-child.js';

const KEYS = 400;
/** A download whose count is the number of the last round written, so a reader can tell it. */
export const ROUND_KEY = 'r:v4:round';

/**
 * One poll round's worth of changes: 25 downloads of two accounts put (some with a marker) or
 * removed, now and then an account baselined, and every 13th round account b forgotten.
 */
export function applyRound(history: DownloadHistory, round: number, seed: number): void {
  const random = createRandom((seed * 1_000_003 + round) >>> 0);
  history.put(trackedDownload('r', 'round', { numDownloaded: round }));
  for (let n = 0; n < 25; n++) {
    const account = random() < 0.8 ? 'a' : 'b';
    const id = String(Math.floor(random() * KEYS));
    const roll = random();
    if (roll < 0.15) history.remove(`${account}:v4:${id}`);
    else
      history.put(
        trackedDownload(account, id, { numDownloaded: round, markers: roll < 0.5 ? ['outcome'] : [] }),
      );
  }
  if (round % 9 === 0) history.markBaselined(`acc-${round}`);
  if (round % 13 === 0) history.forgetAccount('b');
}

export function roundOf(history: DownloadHistory): number {
  return history.get(ROUND_KEY)?.download.numDownloaded ?? 0;
}

/** What the history holds after `round` rounds: its downloads by key and baselined accounts. */
export function stateOf(
  history: DownloadHistory,
  round: number,
): { downloads: unknown; baselined: string[] } {
  const downloads: TrackedDownload[] = history
    .all()
    .sort((a, b) => a.download.key.localeCompare(b.download.key));
  const baselined: string[] = [];
  for (let j = 9; j <= round + 9; j += 9) if (history.isBaselined(`acc-${j}`)) baselined.push(`acc-${j}`);
  return { downloads: JSON.parse(JSON.stringify(downloads)) as unknown, baselined };
}

/** Rebuilds rounds 1..`round` in memory. */
export function expectedAfter(round: number, seed: number): { downloads: unknown; baselined: string[] } {
  const history = new DownloadHistory(historyInKeyValueStore(createMemoryStore()));
  for (let k = 1; k <= round; k++) applyRound(history, k, seed);
  return stateOf(history, round);
}

export interface HistoryChildInput {
  file: string;
  seed: number;
  compactFloorBytes: number;
}

/** Starts history-child.ts in a process group of its own. */
export function spawnHistoryChild(input: HistoryChildInput) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return spawnTsxChild(path.join(here, 'history-child.ts'), { HISTORY_CHILD_INPUT: JSON.stringify(input) });
}
