// Combining saved parts into one file (combine.ts) against `cat parts > out` + fsync, in the
// same run, on the same disk: 8 CSV parts with quoted newlines, 512 MiB in all (COMBINE_BENCH_MIB
// to change it). Then the peak RSS growth of this process while it combines: the combine
// streams through a fixed buffer, so it must stay flat however large the files are.
import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { combineParts, type CombinePart } from '../../main/core/files/combine.js';

const MiB = 1024 * 1024;
const PARTS = 8;
const ROUNDS = 2;
const RSS_TARGET_MIB = 64;
const HEADER = 'id,name,address,city,description\n';

/** Writes PARTS files of about `totalMiB` together; returns them with their record counts. */
function writeParts(dir: string, totalMiB: number): { parts: CombinePart[]; bytes: number } {
  const rows: string[] = [];
  for (let i = 0; i < 1000; i++) {
    rows.push(`AV${i},"Shop ${i}, Ltd","${i} Main St","Portland","Open late\nSecond line with ""quotes"""\n`);
  }
  const block = Buffer.from(rows.join(''));
  const perPart = Math.max(1, Math.round((totalMiB * MiB) / PARTS / block.length));
  const parts: CombinePart[] = [];
  let bytes = 0;
  for (let p = 1; p <= PARTS; p++) {
    const name = `847070_${p}.csv`;
    const fd = openSync(path.join(dir, name), 'w');
    try {
      writeSync(fd, HEADER);
      for (let i = 0; i < perPart; i++) writeSync(fd, block);
    } finally {
      closeSync(fd);
    }
    parts.push({ name, records: perPart * rows.length });
    bytes += HEADER.length + perPart * block.length;
  }
  return { parts, bytes };
}

function sh(script: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('sh', ['-c', script], (err) => (err ? reject(err) : resolve())),
  );
}

async function timeCat(dir: string, parts: CombinePart[]): Promise<number> {
  const out = path.join(dir, 'cat.csv');
  const t0 = performance.now();
  await sh(`cd '${dir}' && cat ${parts.map((p) => `'${p.name}'`).join(' ')} > cat.csv && sync cat.csv`);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { force: true });
  return seconds;
}

async function timeCombine(dir: string, parts: CombinePart[], onSample?: () => void): Promise<number> {
  const sampler = onSample ? setInterval(onSample, 10) : null;
  const t0 = performance.now();
  try {
    const outcome = await combineParts({ folder: dir, parts, format: 'csv', outputName: 'combined.csv' });
    if (outcome.kind !== 'combined') throw new Error(outcome.message);
    return (performance.now() - t0) / 1000;
  } finally {
    if (sampler) clearInterval(sampler);
    rmSync(path.join(dir, 'combined.csv'), { force: true });
  }
}

export async function runCombineBench(): Promise<string[]> {
  const totalMiB = Number(process.env.COMBINE_BENCH_MIB ?? 512);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'combine-bench-'));
  try {
    const { parts, bytes } = writeParts(dir, totalMiB);
    let catBest = Infinity;
    let combineBest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      catBest = Math.min(catBest, await timeCat(dir, parts));
      combineBest = Math.min(combineBest, await timeCombine(dir, parts));
    }
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const seconds = await timeCombine(dir, parts, () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    const growth = (peak - before) / MiB;
    const rate = (s: number) => bytes / MiB / s;
    const [load] = os.loadavg();
    return [
      `combine: ${(bytes / MiB).toFixed(0)} MiB in ${PARTS} CSV parts into one file, best of ${ROUNDS}` +
        ` (load average ${load?.toFixed(1)} on ${os.cpus().length} cores)`,
      `  cat + fsync           ${rate(catBest).toFixed(0)} MiB/s (baseline: no header handling, no hash)`,
      `  combine               ${rate(combineBest).toFixed(0)} MiB/s = ${(catBest / combineBest).toFixed(2)}x cat + fsync`,
      `                        (headers checked, one kept; SHA-256 + record count; fsync + checkpoint per part; rename)`,
      `combine: ${(bytes / MiB).toFixed(0)} MiB at ${rate(seconds).toFixed(0)} MiB/s, peak RSS growth ${growth.toFixed(1)} MiB = ` +
        `${(growth / RSS_TARGET_MIB).toFixed(2)}x the ${RSS_TARGET_MIB} MiB budget (target < 1.00x)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runCombineBench()) console.log(line);
}
