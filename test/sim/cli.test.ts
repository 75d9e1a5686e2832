import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, bearer, getJson } from '../support/sim-world.js';
import { DEMO_V3_TOKEN, DEMO_V4_TOKEN, startSimulator, type SimAccount } from './index.js';

interface CliLine {
  url: string;
  v3: string;
  v4: string;
  files: string;
  dialect: string;
  accounts: SimAccount[];
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

async function startCli(args: string[]): Promise<{ line: CliLine; extra: string[] }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const extra: string[] = [];
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child!.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
  lines.on('line', (l) => extra.push(l));
  return { line: JSON.parse(first) as CliLine, extra };
}

describe('CLI', () => {
  it('prints one JSON line, serves the demo accounts, and exits cleanly on SIGTERM', async () => {
    const { line, extra } = await startCli(['--port', '0', '--dialect', 'spec', '--speed', '10']);
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line).toMatchObject({ v3: `${line.url}/v3`, v4: `${line.url}/v4`, files: `${line.url}/files` });
    expect(line.dialect).toBe('spec');
    expect(line.accounts.map((a) => [a.token, a.version])).toEqual([
      [DEMO_V4_TOKEN, 'v4'],
      [DEMO_V3_TOKEN, 'v3'],
    ]);

    const list = await getJson(`${line.v4}/downloads`, bearer(DEMO_V4_TOKEN));
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    const requests = await getJson(`${line.v3}/requests`, basic(DEMO_V3_TOKEN));
    expect((requests.body as unknown[]).length).toBe(3);

    const exited = once(child!, 'exit');
    child!.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(extra).toEqual([]);
  });
});

describe('demo mode', () => {
  it('has completed, running, cancelled (v4) and failing (v3) downloads that finish within minutes', async () => {
    let t = Date.parse('2026-03-02T12:00:00Z');
    const sim = await startSimulator({ demo: true, now: () => t });
    try {
      const v4 = (await getJson(`${sim.v4}/downloads`, bearer(DEMO_V4_TOKEN))).body as {
        records: { id: string; status: string; results: string[] }[];
      };
      const statuses = v4.records.map((r) => r.status).sort();
      expect(statuses).toEqual(['cancelled', 'completed', 'completed', 'queued']);
      const withFiles = v4.records.find((r) => r.status === 'completed');
      expect((await fetch(withFiles?.results[0] ?? '')).status).toBe(200);

      t += 2 * 60_000;
      const later = (await getJson(`${sim.v4}/downloads`, bearer(DEMO_V4_TOKEN))).body as typeof v4;
      expect(later.records.map((r) => r.status).sort()).toEqual([
        'cancelled',
        'completed',
        'completed',
        'completed',
      ]);
      const v3 = (await getJson(`${sim.v3}/requests`, basic(DEMO_V3_TOKEN))).body as {
        status: string;
        error: string;
      }[];
      expect(v3.filter((r) => r.error !== '')).toHaveLength(1);
      expect(v3.filter((r) => r.status === 'COMPLETED')).toHaveLength(2);
    } finally {
      await sim.close();
    }
  });
});
