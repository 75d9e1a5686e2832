/**
 * Runs the simulator standalone:
 *   npx tsx test/sim/cli.ts --port 0 [--dialect spec] [--speed 10] [--seed 1] [--no-demo]
 * Prints exactly one JSON line (where it listens and the demo accounts), then serves until
 * SIGINT/SIGTERM. Demo data is on by default here.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server.js';
import { DEMO_ACCOUNTS } from './demo.js';
import type { Dialect, SimAccount } from './types.js';

const DIALECTS: readonly Dialect[] = ['official', 'spec', 'legacy'];

function fatal(message: string): never {
  process.stderr.write(`sim: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    dialect: { type: 'string', default: 'official' },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    demo: { type: 'boolean', default: true },
    'no-demo': { type: 'boolean', default: false },
  },
});

const dialect = values.dialect as Dialect;
if (!DIALECTS.includes(dialect)) fatal(`--dialect must be one of ${DIALECTS.join(', ')}`);
const port = Number(values.port);
const speed = Number(values.speed);
const seed = Number(values.seed);
if (!Number.isInteger(port) || port < 0 || port > 65535) fatal('--port must be 0..65535');
if (!(speed > 0)) fatal('--speed must be a positive number');
if (!Number.isFinite(seed)) fatal('--seed must be a number');

const demo = values.demo && !values['no-demo'];
const sim = await startSimulator({ port, dialect, speed, seed, demo });

const accounts: SimAccount[] = demo ? [...DEMO_ACCOUNTS] : [];

process.stdout.write(
  `${JSON.stringify({ url: sim.url, v3: sim.v3, v4: sim.v4, files: sim.files, dialect: sim.dialect, accounts })}\n`,
);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await sim.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
