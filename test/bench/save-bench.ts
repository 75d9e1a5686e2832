// Saving result files against two baselines, in the same run, over loopback: 1 GiB in 8 files
// from the simulator's file host (run in its own process), 3 files in flight for all:
//  - bare curl, the speed of light for a download that checks nothing;
//  - the verified pipeline a careful user runs by hand, `curl URL | tee FILE | sha256sum`, the
//    fair peer of a save that hashes every byte.
// Wall time is the median of 3 (interleaved rounds); CPU per GiB is user + system time of the
// saver's process (all its threads) or of the baseline's processes. Then the RSS growth of this
// process while it saves 2 GiB. Figures are ratios, never assertions.
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
const ROUNDS = 3;
const GiB = 1024 * MiB;
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

interface Timed {
  seconds: number;
  /** User + system CPU seconds of every process the script ran. */
  cpu: number;
}

/**
 * Runs a bash script and reads its children's CPU time from bash's own `times` builtin (the
 * second line: children's user and system time, grandchildren included once reaped).
 */
function runTimedScript(script: string): Promise<Timed> {
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    execFile('bash', ['-o', 'pipefail', '-c', `${script}\ntimes`], (err, stdout) => {
      if (err) return reject(err);
      const seconds = (performance.now() - t0) / 1000;
      const line = stdout.trim().split('\n').at(-1) ?? '';
      const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      if (parts.length !== 2) return reject(new Error(`could not read CPU time from: ${line}`));
      resolve({ seconds, cpu: parts[0]! + parts[1]! });
    }),
  );
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `curl URL | tee FILE | sha256sum`, 3 at once, each checksum kept beside its file. */
function timePipeline(h: HostDownload, dir: string): Promise<Timed> {
  const pairs = h.files.map((f) => `${quote(f.url)} ${quote(path.join(dir, f.name))}`).join(' ');
  const each = `${CURL} -s -f "$0" | tee "$1" | sha256sum > "$1.sha256"`;
  return runTimedScript(
    `printf '%s %s\\n' ${pairs} | xargs -n 2 -P ${PARALLEL} bash -o pipefail -c ${quote(each)}`,
  );
}

/**
 * curl into files, and the same followed by `sync FILE...` (fsync of each): the saver fsyncs
 * every file before renaming it, so the second is the like-for-like figure on a slow disk.
 */
async function timeCurl(h: HostDownload, dir: string): Promise<Timed & { synced: number }> {
  const args = ['-s', '-f', '--parallel', '--parallel-max', String(PARALLEL)];
  const outputs = h.files.map((f) => path.join(dir, f.name));
  h.files.forEach((f, i) => args.push('-o', outputs[i]!, f.url));
  const plain = await runTimedScript([CURL, ...args].map(quote).join(' '));
  const t1 = performance.now();
  await run('sync', outputs);
  return { ...plain, synced: plain.seconds + (performance.now() - t1) / 1000 };
}

async function timeSaver(h: HostDownload, dir: string, onSample?: () => void): Promise<Timed> {
  const saver = createSaver({ fetch, store: memoryStore(), refreshDownload: async (d) => d });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sampler = onSample ? setInterval(onSample, 10) : null;
  try {
    const job = await saver.save(toDownload(h), { folder: dir, parallelFiles: PARALLEL });
    const done = await saver.settled(job.jobId);
    if (done?.state !== 'completed') throw new Error(`save ended ${done?.state}: ${done?.error?.message}`);
    const cpu = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  } finally {
    if (sampler) clearInterval(sampler);
    await saver.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
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
    const curl: Timed[] = [];
    const curlSynced: number[] = [];
    const pipeline: Timed[] = [];
    const saver: Timed[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of ['curl', 'pipeline', 'saver'] as const) {
        const dir = freshDir();
        try {
          if (which === 'curl') {
            const timed = await timeCurl(one, dir);
            curl.push(timed);
            curlSynced.push(timed.synced);
          } else if (which === 'pipeline') {
            pipeline.push(await timePipeline(one, dir));
          } else {
            saver.push(await timeSaver(one, dir));
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const wall = (runs: Timed[]) => median(runs.map((r) => r.seconds));
    const cpuPerGiB = (runs: Timed[]) => median(runs.map((r) => r.cpu)) / (bytes / GiB);
    const rate = (seconds: number) => bytes / MiB / seconds;
    const [load] = os.loadavg();
    const line = (label: string, runs: Timed[], extra = '') =>
      `  ${label.padEnd(22)}${wall(runs).toFixed(2).padStart(6)} s ${rate(wall(runs)).toFixed(0).padStart(5)} MiB/s` +
      `  CPU ${cpuPerGiB(runs).toFixed(2)} s/GiB${extra}`;
    const saverVsPipeline = wall(pipeline) / wall(saver);
    const cpuVsPipeline = cpuPerGiB(saver) / cpuPerGiB(pipeline);
    lines.push(
      `save: ${(bytes / MiB).toFixed(0)} MiB in ${one.files.length} files over loopback, ${PARALLEL} at once, median of ${ROUNDS}` +
        ` (load average ${load?.toFixed(1)} on ${os.cpus().length} cores${(load ?? 0) > os.cpus().length ? ': busy machine, ratios are noisy' : ''})`,
      line('curl', curl, '  (baseline 1)'),
      `  curl + fsync          ${median(curlSynced).toFixed(2).padStart(6)} s ${rate(median(curlSynced)).toFixed(0).padStart(5)} MiB/s`,
      line('curl | tee | sha256sum', pipeline, '  (baseline 2: the verified pipeline)'),
      line('saver', saver),
      `  saver speed: ${saverVsPipeline.toFixed(2)}x the verified pipeline (target >= 1.00x) ${saverVsPipeline >= 1 ? 'MET' : 'NOT MET'};` +
        ` CPU/GiB ${cpuVsPipeline.toFixed(2)}x the pipeline's (target <= 1.00x) ${cpuVsPipeline <= 1 ? 'MET' : 'NOT MET'}`,
      `  saver speed: ${(wall(curl) / wall(saver)).toFixed(2)}x bare curl, ${(median(curlSynced) / wall(saver)).toFixed(2)}x curl + fsync (long-term aim >= 0.90x)`,
      `                        (streams to .part, SHA-256 + record count while streaming, fsync, rename)`,
    );

    const two = host.downloads.twoGiB;
    const twoBytes = two.files.reduce((s, f) => s + f.size, 0);
    const dir = freshDir();
    try {
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const { seconds } = await timeSaver(two, dir, () => {
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
