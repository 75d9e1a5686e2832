// `npm run bench`: every benchmark, each figure printed beside a baseline measured in the same
// run. Nothing here asserts a time; targets are printed for a person to judge.
// `npm run bench -- monitor save` runs only the named ones.
import { runMonitorBench } from './monitor-bench.js';
import { runSaveBench } from './save-bench.js';
import { runRenderBench } from './render-bench.js';
import { runScaleBench } from './scale-bench.js';

const benches: Record<string, () => Promise<string[]>> = {
  monitor: runMonitorBench,
  save: runSaveBench,
  render: runRenderBench,
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
