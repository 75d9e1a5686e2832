import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, startSimWorld, type SimWorld } from '../support/sim-world.js';

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

function downloads(): Promise<Response> {
  return fetch(`${world.sim.v4}/downloads`, { headers: bearer(world.v4.token) });
}

/** Bytes received before the connection ended, and whether it ended in an error. */
function rawGet(
  url: string,
): Promise<{ status: number; bytes: number; contentLength: number; broken: boolean }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let bytes = 0;
      let broken = false;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('error', () => (broken = true));
      res.on('aborted', () => (broken = true));
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          contentLength: Number(res.headers['content-length']),
          broken: broken || !res.complete,
        }),
      );
    }).on('error', reject);
  });
}

describe('fault injection', () => {
  it('rate-limit-seconds: 429 with Retry-After seconds, once by default', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 7 });
    const first = await downloads();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await downloads()).status).toBe(200);
    expect(world.sim.log.map((e) => [e.status, e.fault])).toEqual([
      [429, 'rate-limit-seconds'],
      [200, undefined],
    ]);
  });

  it('rate-limit-date: 429 with Retry-After as an HTTP date on the simulator clock', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'rate-limit-date', path: '/v4/downloads', retryAfterSeconds: 30 });
    const res = await downloads();
    expect(res.status).toBe(429);
    expect(Date.parse(res.headers.get('retry-after') ?? '')).toBe(world.clock.t + 30_000);
  });

  it('unavailable: 503, with Retry-After only when given', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'unavailable', path: '/v4/downloads', retryAfterSeconds: 3 });
    world.sim.inject({ kind: 'unavailable', path: '/v4/downloads', after: 1 });
    const a = await downloads();
    expect([a.status, a.headers.get('retry-after')]).toEqual([503, '3']);
    const b = await downloads();
    expect([b.status, b.headers.get('retry-after')]).toEqual([503, null]);
  });

  it('server-html: 500 with an HTML page', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'server-html', path: /^\/v4\// });
    const res = await downloads();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('malformed-json: 200 JSON content type with a truncated body', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'malformed-json', path: '/v4/downloads' });
    const res = await downloads();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('wrong-shape: 200 valid JSON of an unexpected shape', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'wrong-shape', path: '/v4/downloads' });
    const body = (await (await downloads()).json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('records');
    expect(Array.isArray(body)).toBe(false);
  });

  it('slow: delays the real answer', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'slow', path: '/v4/downloads', delayMs: 200 });
    const started = performance.now();
    const res = await downloads();
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ num_found: 0, records: [] });
  });

  it('reset: API answers cut mid-body make the body read fail', async () => {
    world = await startSimWorld();
    world.sim.addDownload(world.v4.token, {});
    world.sim.inject({ kind: 'reset', path: '/v4/downloads', resetAfterBytes: 20 });
    const res = await downloads();
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('reset: file downloads stop after exactly resetAfterBytes, and a Range resume then completes', async () => {
    world = await startSimWorld();
    const d = world.sim.addDownload(world.v4.token, {
      numRecords: 5000,
      startedAt: world.clock.t - 3_600_000,
    });
    const [f] = d.files();
    world.sim.inject({ kind: 'reset', path: /^\/files\//, resetAfterBytes: 70_000 });
    const cut = await rawGet(f?.url ?? '');
    expect(cut).toMatchObject({ status: 200, bytes: 70_000, broken: true, contentLength: f?.size });
    const rest = await fetch(f?.url ?? '', { headers: { Range: 'bytes=70000-' } });
    expect(rest.status).toBe(206);
    expect((await rest.arrayBuffer()).byteLength).toBe((f?.size ?? 0) - 70_000);
  });

  it('counts calls per endpoint and method: after skips, times limits', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'server-html', path: '/v4/downloads', method: 'GET', after: 1, times: 2 });
    const account = await fetch(`${world.sim.v4}/account`, { headers: bearer(world.v4.token) });
    expect(account.status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await downloads()).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it('clearFaults removes pending faults', async () => {
    world = await startSimWorld();
    world.sim.inject({ kind: 'unavailable', path: '/v4/downloads', times: 5 });
    world.sim.clearFaults();
    expect((await downloads()).status).toBe(200);
  });
});
