// `npm run preview`: the real renderer in your browser against the real core and the
// simulator's demo world, without Electron. Prints the URL (with its one-time token).
//   --speed N        simulator time multiplier (default 10)
//   --port N         harness port (default: a free one)
//   --data-dir DIR   keep everything between runs (default: a temp folder): settings, accounts,
//                    the simulator's world and port; under `npm run demo` also the keychain
//   --fake N         the in-memory fake backend with N downloads instead (UI work only)
//   --no-build       reuse out/renderer unless it is older than its sources
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createFakeBackend } from './fake-backend.js';
import { startHarness } from './start-harness.js';
import { buildRenderer, ensureRendererBuilt } from './build-renderer.js';
import { DEFAULT_RENDERER_DIR } from './paths.js';
import { startHarnessServer } from './ws-bridge-server.js';

const { values } = parseArgs({
  options: {
    speed: { type: 'string', default: '10' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    fake: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values['no-build']) await ensureRendererBuilt();
else await buildRenderer();

const port = values.port ? Number(values.port) : undefined;
let close: () => Promise<void>;
let url: string;

if (values.fake !== undefined) {
  const backend = createFakeBackend({ downloads: Number(values.fake) || 40 });
  await backend.start();
  const server = await startHarnessServer({
    backend,
    rendererDir: DEFAULT_RENDERER_DIR,
    ...(port ? { port } : {}),
  });
  url = server.url;
  close = async () => {
    await server.close();
    await backend.dispose();
  };
  console.log('Fake backend (fixture data, no simulator).');
} else {
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : undefined;
  const harness = await startHarness({
    sim: {
      demo: true,
      speed: Number(values.speed) || 10,
      // The same world on the same port next time, so stored accounts keep working and what
      // finished while the demo was stopped shows as "While you were away".
      ...(dataDir ? { stateFile: join(dataDir, 'simulator.json') } : {}),
    },
    demoAccounts: true,
    ...(dataDir ? { dataDir, vaultService: 'Datafiniti Downloads demo' } : {}),
    ...(port ? { port } : {}),
  });
  harness.nodePorts.onNotify((n) => console.log(`[notification] ${n.title}: ${n.body}`));
  url = harness.url;
  close = harness.close;
  console.log(`Simulator at ${harness.sim?.url}; state in ${harness.dataDir}; vault: ${harness.vaultKind}.`);
}

console.log(`\nDatafiniti Downloads preview: ${url}\n(Ctrl+C to stop)`);
const stop = (): void => {
  void close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
