import { afterEach, describe, expect, it } from 'vitest';
import { basic, bearer, getJson, startSimWorld, type SimWorld } from '../support/sim-world.js';
import { numFoundFor } from './index.js';

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

type V3Request = Record<string, unknown>;

describe('v3 API', () => {
  it('GET /data/{type}?download=true answers 303 to /v3/requests/{id}, which follows to an array of one', async () => {
    world = await startSimWorld();
    const { sim, v3 } = world;
    const q = 'categories:bakery';
    const url = `${sim.v3}/data/businesses?q=${encodeURIComponent(q)}&format=csv&download=true&records=25`;
    const raw = await fetch(url, { headers: basic(v3.token), redirect: 'manual' });
    expect(raw.status).toBe(303);
    const location = raw.headers.get('location') ?? '';
    expect(location).toMatch(/^\/v3\/requests\/\d+$/);

    const followed = await getJson(`${sim.url}${location}`, basic(v3.token));
    expect(followed.status).toBe(200);
    const [req] = followed.body as V3Request[];
    expect(req).toMatchObject({
      query: q,
      dataType: 'businesses',
      dataFormat: 'csv',
      status: 'STARTED',
      error: '',
      numDownloaded: 0,
      numFound: numFoundFor(q),
      numRequested: 25,
      async: 1,
      date_completed: null,
    });
    expect(req?.date_started).toMatch(/^\d{4}-[1-9]\d?-[1-9]\d? [12]?\d:\d{2}:\d{2}$/);
  });

  it('lists requests and reports COMPLETED with results only once complete (404 before)', async () => {
    world = await startSimWorld();
    const { sim, v3, clock } = world;
    const d = sim.addDownload(v3.token, { numRecords: 2100, queuedMs: 0, durationMs: 10_000 });
    expect(d.version).toBe('v3');
    clock.t += 5000;
    const list = await getJson(`${sim.v3}/requests`, basic(v3.token));
    expect(list.body).toMatchObject([{ id: Number(d.id), status: 'STARTED', numDownloaded: 1050 }]);
    const early = await getJson(`${sim.v3}/results/${d.id}`, basic(v3.token));
    expect(early.status).toBe(404);

    clock.t = Date.parse('2026-01-05T09:00:10Z');
    const done = await getJson(`${sim.v3}/requests/${d.id}`, basic(v3.token));
    expect(done.body).toMatchObject([
      { status: 'COMPLETED', numDownloaded: 2100, date_completed: '2026-1-5 9:00:10' },
    ]);
    const results = await getJson(`${sim.v3}/results/${d.id}`, basic(v3.token));
    expect(results.status).toBe(200);
    const files = results.body as { url: string; request_id: number; date_created: string }[];
    expect(files).toHaveLength(3);
    expect(files[0]).toMatchObject({ request_id: Number(d.id), downloaded: 0, imported: 0 });
    expect(files[2]?.date_created).toBe('2026-1-5 9:00:10');
    expect(files[2]?.url).toMatch(/_3\.csv\?.*X-Amz-Expires=604800/);
  });

  it('a failed request keeps STARTED with a non-empty error and never gets results', async () => {
    world = await startSimWorld();
    const { sim, v3, clock } = world;
    const d = sim.addDownload(v3.token, { queuedMs: 0, durationMs: 10_000 });
    clock.t += 1000;
    sim.fail(d.id, 'Export failed.');
    const [req] = (await getJson(`${sim.v3}/requests/${d.id}`, basic(v3.token))).body as V3Request[];
    expect(req).toMatchObject({ status: 'STARTED', error: 'Export failed.' });
    expect((await getJson(`${sim.v3}/results/${d.id}`, basic(v3.token))).status).toBe(404);
    expect(d.error()).toBe('Export failed.');
  });

  it('v3 wants Basic: a Bearer header is treated as no token; another account gets 404', async () => {
    world = await startSimWorld({ authFailure: 'invalid-token-401' });
    const { sim, v3 } = world;
    expect((await getJson(`${sim.v3}/requests`, bearer(v3.token))).status).toBe(401);
    const mine = sim.addDownload(v3.token, {});
    const other = sim.addAccount({ version: 'v3' });
    expect((await getJson(`${sim.v3}/requests/${mine.id}`, basic(other.token))).status).toBe(404);
  });

  it('data without download=true previews; unknown types are 404', async () => {
    world = await startSimWorld();
    const { sim, v3 } = world;
    const preview = await getJson(`${sim.v3}/data/people?q=name:Ann`, basic(v3.token));
    expect(preview.body).toMatchObject({ estimated_total: numFoundFor('name:Ann') });
    const bad = await getJson(`${sim.v3}/data/cars?q=x&download=true`, basic(v3.token));
    expect(bad).toEqual({ status: 404, body: { errors: ['cars is not a valid data-type'] } });
  });
});
