// The file host for the save benchmark, in its own process so that the benchmark process holds
// only the saver: its CPU and its RSS are then the saver's alone, as curl's are curl's.
// Prints one JSON line (the downloads to fetch), then serves until SIGTERM.
import { startSimulator } from '../sim/index.js';

const MiB = 1024 * 1024;
const RECORD_BYTES = 1024;

const sim = await startSimulator({ seed: 1 });
const account = sim.addAccount({ version: 'v4' });

function add(totalBytes: number, files: number) {
  const recordsPerFile = Math.floor(totalBytes / files / RECORD_BYTES);
  const d = sim.addDownload(account.token, {
    numRecords: recordsPerFile * files,
    recordsPerFile,
    bytesPerRecord: RECORD_BYTES,
    format: 'csv',
    queuedMs: 0,
    durationMs: 1000,
    startedAt: Date.now() - 60_000,
  });
  return {
    id: d.id,
    numRecords: d.numRecords,
    files: d.files().map((f) => ({ url: f.url, name: f.name, size: f.size })),
  };
}

const oneGiB = add(1024 * MiB, 8);
const twoGiB = add(2048 * MiB, 8);
process.stdout.write(`${JSON.stringify({ oneGiB, twoGiB })}\n`);

const stop = (): void => {
  void sim.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
