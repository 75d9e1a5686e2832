// `npm run bench`: every benchmark, each figure printed beside a baseline measured in the same
// run. Nothing here asserts a time; targets are printed for a person to judge.
// `npm run bench -- monitor save` runs only the named ones.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMonitorBench } from './monitor-bench.js';
import { runRenderBench } from './render-bench.js';
import { runCombineBench } from './combine-bench.js';
import { runScaleBench } from './scale-bench.js';

/**
 * The save bench runs in a process of its own: its CPU and memory figures are the saver's,
 * not inflated by the heap the monitor bench left behind in this one.
 */
function runSaveBenchAlone(): Promise<string[]> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return new Promise((resolve, reject) =>
    execFile(
      path.join(here, '../../node_modules/.bin/tsx'),
      [path.join(here, 'save-bench.ts')],
      { maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`save bench failed: ${err.message}\n${stderr.slice(-2000)}`));
        if (stderr.trim()) process.stderr.write(stderr);
        resolve(stdout.trimEnd().split('\n'));
      },
    ),
  );
}

const benches: Record<string, () => Promise<string[]>> = {
  monitor: runMonitorBench,
  save: runSaveBenchAlone,
  render: runRenderBench,
  combine: runCombineBench,
  scale: runScaleBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  for (const line of await run()) console.log(line);
}
