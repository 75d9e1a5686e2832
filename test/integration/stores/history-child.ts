// Writes history rounds as fast as it can, on the real files, until it is killed: loads what
// is there, then for each round applies it, saves, and prints `round N` once the save returned.
// Input: HISTORY_CHILD_INPUT, JSON of HistoryChildInput.
import { DownloadHistory } from '../../../main/core/monitor/index.js';
import { createHistoryFileStore } from '../../../main/core/stores/index.js';
import type { Logger } from '../../../main/core/ports.js';
import { applyRound, roundOf, type HistoryChildInput } from './support.js';

const input = JSON.parse(process.env['HISTORY_CHILD_INPUT'] ?? '{}') as HistoryChildInput;
const logger: Logger = {
  info: (message) => void process.stdout.write(`info ${message}\n`),
  warn: (message) => void process.stdout.write(`warn ${message}\n`),
  error: (message, fields) => {
    // A save the history could not write would not be a kill's doing: stop loudly.
    process.stderr.write(`error ${message} ${JSON.stringify(fields)}\n`);
    process.exit(2);
  },
};
const history = new DownloadHistory(
  createHistoryFileStore({ file: input.file, logger, compactFloorBytes: input.compactFloorBytes }),
  logger,
);
const start = roundOf(history);
process.stdout.write(`started ${start}\n`);
for (let round = start + 1; round <= start + 20_000; round++) {
  applyRound(history, round, input.seed);
  history.save();
  process.stdout.write(`round ${round}\n`);
}
process.stdout.write('finished\n');
