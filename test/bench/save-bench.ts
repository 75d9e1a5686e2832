// Saving result files against curl, in the same run, over loopback: 1 GiB in 8 files from the
// simulator's file host (run in its own process), 3 files in flight for both. Then the RSS
// growth of this process while it saves 2 GiB. Figures are ratios, never assertions.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSaver } from '../../main/core/files/index.js';
import type { Download } from '../../preload/contract/index.js';
import type { KeyValueStore } from '../../main/core/ports.js';

const MiB = 1024 * 1024;
const PARALLEL = 3;
const ROUNDS = 2;
const RSS_TARGET_MIB = 64;
const CURL = '/usr/bin/curl';

interface HostDownload {
  id: string;
  numRecords: number;
  files: { url: string; name: string; size: number }[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    path: null,
    get: <T>(key: string) => data.get(key) as T | undefined,
    set: (key, value) => void data.set(key, value),
    delete: (key) => void data.delete(key),
  };
}

function toDownload(h: HostDownload): Download {
  return {
    key: `bench:v4:${h.id}`,
    accountId: 'bench',
    version: 'v4',
    id: h.id,
    status: 'completed',
    rawStatus: 'completed',
    dataType: 'businesses',
    format: 'csv',
    query: 'bench',
    view: null,
    numRecords: h.numRecords,
    numDownloaded: h.numRecords,
    numFound: h.numRecords,
    progress: 1,
    cost: null,
    startedAt: null,
    updatedAt: null,
    completedAt: null,
    files: h.files.map((f) => ({ url: f.url, name: f.name, expiresAt: null })),
    error: null,
  };
}

async function startHost() {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(here, 'save-bench-host.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let warnings = 0;
  child.stderr.on('data', (b: Buffer) => {
    const text = b.toString();
    warnings += text.split('MaxListenersExceededWarning').length - 1;
    const other = text
      .split('\n')
      .filter(
        (l) => l.trim() && !l.includes('MaxListenersExceededWarning') && !l.includes('--trace-warnings'),
      );
    if (other.length) process.stderr.write(`${other.join('\n')}\n`);
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`file host exited (${code})`)));
  });
  lines.close();
  const downloads = JSON.parse(first) as { oneGiB: HostDownload; twoGiB: HostDownload };
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { downloads, stop, warnings: () => warnings };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    execFile(cmd, args, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * curl into files, and the same followed by `sync FILE...` (fsync of each): the saver fsyncs
 * every file before renaming it, so the second is the like-for-like figure on a slow disk.
 */
async function timeCurl(h: HostDownload, dir: string): Promise<{ plain: number; synced: number }> {
  const args = ['-s', '-f', '--parallel', '--parallel-max', String(PARALLEL)];
  const outputs = h.files.map((f) => path.join(dir, f.name));
  h.files.forEach((f, i) => args.push('-o', outputs[i]!, f.url));
  const t0 = performance.now();
  await run(CURL, args);
  const t1 = performance.now();
  await run('sync', outputs);
  const t2 = performance.now();
  return { plain: (t1 - t0) / 1000, synced: (t2 - t0) / 1000 };
}

async function timeSaver(h: HostDownload, dir: string, onSample?: () => void): Promise<number> {
  const saver = createSaver({ fetch, store: memoryStore(), refreshDownload: async (d) => d });
  const t0 = performance.now();
  const sampler = onSample ? setInterval(onSample, 10) : null;
  try {
    const job = await saver.save(toDownload(h), { folder: dir, parallelFiles: PARALLEL });
    const done = await saver.settled(job.jobId);
    if (done?.state !== 'completed') throw new Error(`save ended ${done?.state}: ${done?.error?.message}`);
    return (performance.now() - t0) / 1000;
  } finally {
    if (sampler) clearInterval(sampler);
    await saver.dispose();
  }
}

function freshDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'save-bench-'));
}

export async function runSaveBench(): Promise<string[]> {
  const host = await startHost();
  const lines: string[] = [];
  try {
    const one = host.downloads.oneGiB;
    const bytes = one.files.reduce((s, f) => s + f.size, 0);
    let curlBest = Infinity;
    let curlSyncedBest = Infinity;
    let saverBest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of ['curl', 'saver'] as const) {
        const dir = freshDir();
        try {
          if (which === 'curl') {
            const { plain, synced } = await timeCurl(one, dir);
            curlBest = Math.min(curlBest, plain);
            curlSyncedBest = Math.min(curlSyncedBest, synced);
          } else {
            saverBest = Math.min(saverBest, await timeSaver(one, dir));
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const rate = (seconds: number) => bytes / MiB / seconds;
    const [load] = os.loadavg();
    lines.push(
      `save: ${(bytes / MiB).toFixed(0)} MiB in ${one.files.length} files over loopback, ${PARALLEL} at once, best of ${ROUNDS}` +
        ` (load average ${load?.toFixed(1)} on ${os.cpus().length} cores${(load ?? 0) > os.cpus().length ? ': busy machine, ratios are noisy' : ''})`,
      `  curl                  ${rate(curlBest).toFixed(0)} MiB/s (baseline)`,
      `  curl + fsync          ${rate(curlSyncedBest).toFixed(0)} MiB/s`,
      `  saver                 ${rate(saverBest).toFixed(0)} MiB/s = ${(curlBest / saverBest).toFixed(2)}x curl, ` +
        `${(curlSyncedBest / saverBest).toFixed(2)}x curl + fsync (target >= 0.90x)`,
      `                        (streams to .part, SHA-256 + record count while streaming, fsync, rename)`,
    );

    const two = host.downloads.twoGiB;
    const twoBytes = two.files.reduce((s, f) => s + f.size, 0);
    const dir = freshDir();
    try {
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const seconds = await timeSaver(two, dir, () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      });
      const growth = (peak - before) / MiB;
      lines.push(
        `save: ${(twoBytes / MiB).toFixed(0)} MiB at ${(twoBytes / MiB / seconds).toFixed(0)} MiB/s, peak RSS growth ${growth.toFixed(1)} MiB = ${(growth / RSS_TARGET_MIB).toFixed(2)}x the ${RSS_TARGET_MIB} MiB budget (target < 1.00x)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await host.stop();
  }
  if (host.warnings() > 0) {
    lines.push(`  note: the simulator's file host printed ${host.warnings()} MaxListenersExceededWarning(s)`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runSaveBench()) console.log(line);
}
