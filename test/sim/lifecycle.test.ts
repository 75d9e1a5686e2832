import { afterEach, describe, expect, it } from 'vitest';
import { bearer, getJson, startSimWorld, type SimWorld } from '../support/sim-world.js';

interface OfficialDownload {
  id: string;
  status: string;
  num_records: number;
  num_downloaded: number;
  total_cost: number;
  results: string[];
  date_updated: string;
}

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

async function fetchDownload(id: string): Promise<OfficialDownload> {
  const { status, body } = await getJson(`${world.sim.v4}/downloads/${id}`, bearer(world.v4.token));
  expect(status).toBe(200);
  return body as OfficialDownload;
}

describe('download lifecycle on a stepped clock', () => {
  it('goes queued -> running (growing, files appearing when full) -> completed with cost', async () => {
    world = await startSimWorld();
    const { sim, clock, v4 } = world;
    const d = sim.addDownload(v4.token, {
      numRecords: 2500,
      recordsPerFile: 1000,
      queuedMs: 2000,
      durationMs: 10_000,
    });

    let o = await fetchDownload(d.id);
    expect(o).toMatchObject({ status: 'queued', num_downloaded: 0, total_cost: 0, results: [] });

    clock.t += 2000 + 3000;
    o = await fetchDownload(d.id);
    expect(o.status).toBe('running');
    expect(o.num_downloaded).toBe(750);
    expect(o.results).toHaveLength(0);
    expect(o.total_cost).toBe(0);

    clock.t += 2000; // 50%
    o = await fetchDownload(d.id);
    expect(o.num_downloaded).toBe(1250);
    expect(o.results).toHaveLength(1);
    expect(o.results[0]).toMatch(/\/files\/\d+\/\d+_1\.csv\?/);
    expect(o.total_cost).toBe(0);

    clock.t += 4999;
    o = await fetchDownload(d.id);
    expect(o.status).toBe('running');
    expect(o.results).toHaveLength(2);

    clock.t += 1;
    o = await fetchDownload(d.id);
    expect(o).toMatchObject({ status: 'completed', num_downloaded: 2500, total_cost: 2500 });
    expect(o.results).toHaveLength(3);
    expect(d.files().map((f) => f.records)).toEqual([1000, 1000, 500]);
    expect(d.status()).toBe('completed');
  });

  it('divides durations by speed', async () => {
    world = await startSimWorld({ speed: 10 });
    const d = world.sim.addDownload(world.v4.token, { queuedMs: 1000, durationMs: 10_000, numRecords: 100 });
    world.clock.t += 100;
    expect(d.status()).toBe('running');
    world.clock.t += 1000;
    expect(d.status()).toBe('completed');
  });

  it('ends failed or cancelled at the end of the duration with partial results', async () => {
    world = await startSimWorld();
    const { sim, clock, v4 } = world;
    const failed = sim.addDownload(v4.token, {
      numRecords: 2000,
      outcome: 'failed',
      durationMs: 1000,
      queuedMs: 0,
    });
    const cancelled = sim.addDownload(v4.token, {
      numRecords: 2000,
      outcome: 'cancelled',
      durationMs: 1000,
      queuedMs: 0,
      partialFraction: 0.75,
    });
    clock.t += 1000;
    const f = await fetchDownload(failed.id);
    expect(f).toMatchObject({ status: 'failed', num_downloaded: 1000, total_cost: 0 });
    const c = await fetchDownload(cancelled.id);
    expect(c).toMatchObject({ status: 'cancelled', num_downloaded: 1500, total_cost: 1500 });
    expect(c.results).toHaveLength(2);
    expect(cancelled.files().map((x) => x.records)).toEqual([1000, 500]);
  });

  it('fail() stops a running v4 download as failed and freezes its count', async () => {
    world = await startSimWorld();
    const { sim, clock, v4 } = world;
    const d = sim.addDownload(v4.token, { numRecords: 1000, queuedMs: 0, durationMs: 10_000 });
    clock.t += 4000;
    sim.fail(d.id, 'disk full');
    clock.t += 60_000;
    const o = await fetchDownload(d.id);
    expect(o).toMatchObject({ status: 'failed', num_downloaded: 400, error: 'disk full' });
    expect(o.results).toHaveLength(1);
    expect(() => sim.fail(d.id, 'again')).toThrow(/already finished/);
  });

  it('a download started in the past is evaluated lazily at now()', async () => {
    world = await startSimWorld();
    const { sim, clock, v4 } = world;
    const d = sim.addDownload(v4.token, { startedAt: clock.t - 3_600_000, numRecords: 10 });
    sim.tick();
    const o = await fetchDownload(d.id);
    expect(o.status).toBe('completed');
    expect(o.date_updated).toBe(new Date(clock.t - 3_600_000 + 62_000).toISOString());
  });
});
