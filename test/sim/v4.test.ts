import { afterEach, describe, expect, it } from 'vitest';
import { bearer, getJson, startSimWorld, type SimWorld } from '../support/sim-world.js';
import { CHARGES_PATH, numFoundFor } from './index.js';

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

async function post(path: string, token: string, body: string) {
  const res = await fetch(`${world.sim.v4}${path}`, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('v4 API', () => {
  it('POST /v4/auth exchanges email+password for a working token, and rejects wrong passwords', async () => {
    world = await startSimWorld({ authFailure: 'invalid-token-401' });
    const { sim, v4 } = world;
    const ok = await fetch(`${sim.v4}/auth`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: v4.email, password: v4.password }),
    });
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    expect(token).not.toBe(v4.token);
    expect((await getJson(`${sim.v4}/downloads`, bearer(token))).status).toBe(200);

    sim.expireSessionTokens();
    expect((await getJson(`${sim.v4}/downloads`, bearer(token))).status).toBe(401);
    expect((await getJson(`${sim.v4}/downloads`, bearer(v4.token))).status).toBe(200);

    const bad = await fetch(`${sim.v4}/auth`, {
      method: 'POST',
      body: JSON.stringify({ email: v4.email, password: 'nope' }),
    });
    expect(bad.status).toBe(401);
  });

  it('search with download:false previews a deterministic count and cost with at most 10 records', async () => {
    world = await startSimWorld();
    const q = 'categories:hotel AND city:Austin';
    const a = await post('/businesses/search', world.v4.token, JSON.stringify({ query: q, download: false }));
    expect(a.status).toBe(200);
    expect(a.body.num_found).toBe(numFoundFor(q));
    // The search is billed for the records it returns, and says so.
    expect(a.body.total_cost).toBe(10);
    expect(a.body.records).toHaveLength(10);
    const b = await post(
      '/businesses/search',
      world.v4.token,
      JSON.stringify({ query: q, download: false, num_records: 3 }),
    );
    expect(b.body).toMatchObject({ num_found: numFoundFor(q), total_cost: 3 });
    expect(b.body.records).toHaveLength(3);
  });

  it('search with download:true answers 202 with a queued download that then shows in the list', async () => {
    world = await startSimWorld();
    const { sim, v4, clock } = world;
    const res = await post(
      '/products/search',
      v4.token,
      JSON.stringify({
        query: 'brand:Acme',
        download: true,
        format: 'CSV',
        num_records: 42,
        view: 'product_all',
      }),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'queued',
      num_records: 42,
      num_downloaded: 0,
      data_type: 'product',
      format: 'csv',
      query: 'brand:Acme',
      view: 'product_all',
      results: [],
      total_cost: 0,
    });
    expect(res.body.id).toBe(String(res.body._id));
    const list = await getJson(`${sim.v4}/downloads`, bearer(v4.token));
    expect(list.body).toMatchObject({ num_found: 1, records: [{ id: res.body.id }] });

    clock.t += 62_000;
    const done = await getJson(`${sim.v4}/downloads/${String(res.body.id)}`, bearer(v4.token));
    expect(done.body).toMatchObject({ status: 'completed', num_downloaded: 42, total_cost: 42 });
  });

  it('search rejects invalid JSON, unknown types, INVALID queries and payment problems with API messages', async () => {
    world = await startSimWorld();
    const { sim, v4 } = world;
    expect(await post('/businesses/search', v4.token, '{"query": ')).toEqual({
      status: 400,
      body: { errors: ['request body is invalid json'] },
    });
    expect(await post('/cars/search', v4.token, '{"query":"x"}')).toEqual({
      status: 404,
      body: { errors: ['cars is not a valid data-type'] },
    });
    const invalid = await post('/people/search', v4.token, '{"query":"name:Bob AND INVALID"}');
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as string[])[0]).toMatch(/Invalid query/);
    const payer = sim.addAccount({ paymentProblem: true });
    expect(await post('/people/search', payer.token, '{"query":"name:Bob","download":true}')).toEqual({
      status: 403,
      body: { errors: ["There was a problem with this customer's payment information."] },
    });
  });

  it('GET /downloads/{id}: 400 for a non-number, 404 for unknown or another account', async () => {
    world = await startSimWorld();
    const { sim, v4 } = world;
    const other = sim.addAccount();
    const theirs = sim.addDownload(other.token, {});
    expect(await getJson(`${sim.v4}/downloads/abc`, bearer(v4.token))).toEqual({
      status: 400,
      body: { errors: ['ID must be a number.'] },
    });
    expect(await getJson(`${sim.v4}/downloads/${theirs.id}`, bearer(v4.token))).toEqual({
      status: 404,
      body: { errors: ['Download not found.'] },
    });
  });

  it('DELETE /downloads/{id} cancels: 200 with status cancelled, partial results kept and charged', async () => {
    world = await startSimWorld();
    const { sim, v4, clock } = world;
    const d = sim.addDownload(v4.token, { numRecords: 3000, queuedMs: 0, durationMs: 3000 });
    clock.t += 2000;
    const res = await fetch(`${sim.v4}/downloads/${d.id}`, { method: 'DELETE', headers: bearer(v4.token) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'cancelled', num_downloaded: 2000, total_cost: 2000 });
    expect(body.results).toHaveLength(2);
    clock.t += 10_000;
    expect(d.status()).toBe('cancelled');
  });

  it('GET /v4/account shows the email and credits used', async () => {
    world = await startSimWorld();
    const { sim, v4, clock } = world;
    sim.addDownload(v4.token, { dataType: 'people', numRecords: 77, startedAt: clock.t - 3_600_000 });
    const { status, body } = await getJson(`${sim.v4}/account`, bearer(v4.token));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      email: v4.email,
      people_credits_used: 77,
      business_credits_used: 0,
      num_credits_used: 77,
      overages_enabled: false,
    });
    expect(body).not.toHaveProperty('credits_allotted');
  });

  it('bills like Datafiniti: a search per record returned, a download what it gathered, the account page nothing', async () => {
    world = await startSimWorld();
    const { sim, v4, clock } = world;
    const legacy = sim.addAccount({ version: 'v4', creditsAllotted: 500 });
    const one = await post(
      '/products/search',
      legacy.token,
      JSON.stringify({ query: 'brand:Acme', num_records: 1 }),
    );
    expect(one.status).toBe(200);
    expect(one.body.total_cost).toBe(1);
    const ten = await post('/products/search', legacy.token, JSON.stringify({ query: 'brand:Acme' }));
    expect((ten.body.records as unknown[]).length).toBe(10);
    const over = await post(
      '/products/search',
      legacy.token,
      JSON.stringify({ query: 'brand:Acme', num_records: 50 }),
    );
    expect(over.status).toBe(403);
    expect(JSON.stringify(over.body)).toMatch(/exceeds preview record limit/);
    // A cancelled download is charged what it gathered.
    const d = sim.addDownload(legacy.token, {
      dataType: 'businesses',
      numRecords: 1000,
      startedAt: clock.t,
      queuedMs: 0,
      durationMs: 10_000,
    });
    clock.t += 4_000;
    d.cancel();
    await getJson(`${sim.v4}/account`, bearer(legacy.token));
    const bill = sim.charges().accounts.find((a) => a.token === legacy.token)!;
    expect(bill.used).toEqual({ businesses: 400, people: 0, products: 11, properties: 0 });
    expect(bill.searches.map((s) => s.records)).toEqual([1, 10]);
    const page = await getJson(`${sim.v4}/account`, bearer(legacy.token));
    expect(page.body).toMatchObject({
      num_credits_used: 411,
      credits_allotted: 500,
      product_credits_used: 11,
    });
    // Nobody else paid, and the control endpoint says the same over HTTP.
    expect(sim.charges().accounts.find((a) => a.token === v4.token)!.total).toBe(0);
    const http = (await (await fetch(`${sim.url}${CHARGES_PATH}`)).json()) as { total: number };
    expect(http.total).toBe(411);
  });
});

describe('v4 dialects', () => {
  async function oneCompletedAndList() {
    const { sim, v4, clock } = world;
    const d = sim.addDownload(v4.token, {
      numRecords: 1500,
      format: 'json',
      dataType: 'properties',
      startedAt: clock.t - 3_600_000,
    });
    const list = await getJson(`${sim.v4}/downloads`, bearer(v4.token));
    const one = await getJson(`${sim.v4}/downloads/${d.id}`, bearer(v4.token));
    return { d, list: list.body, one: one.body as Record<string, unknown> };
  }

  it('official: wrapped list, string id + numeric _id, URL strings, ISO dates', async () => {
    world = await startSimWorld({ dialect: 'official' });
    const { d, list, one } = await oneCompletedAndList();
    expect(list).toMatchObject({ num_found: 1, records: [{ id: d.id }] });
    expect(one).toMatchObject({ _id: Number(d.id), id: d.id, status: 'completed', format: 'json' });
    expect(one.data_type).toBe('property');
    expect(one.results).toEqual([
      expect.stringMatching(/_1\.txt\?.*X-Amz-Date=/),
      expect.stringMatching(/_2\.txt/),
    ]);
    expect(one.date_started).toBe(new Date(world.clock.t - 3_600_000).toISOString());
  });

  it('spec: bare array, {url} results, created_at, in_progress while running', async () => {
    world = await startSimWorld({ dialect: 'spec' });
    const { d, list, one } = await oneCompletedAndList();
    expect(Array.isArray(list)).toBe(true);
    expect(Object.keys(one).sort()).toEqual(['created_at', 'id', 'num_records', 'results', 'status']);
    expect(one).toMatchObject({ id: d.id, status: 'completed', num_records: 1500 });
    expect(one.results).toEqual([
      { url: expect.stringMatching(/_1\.txt\?/) },
      { url: expect.stringMatching(/_2\.txt/) },
    ]);
    const running = world.sim.addDownload(world.v4.token, { queuedMs: 0 });
    world.clock.t += 10;
    const r = await getJson(`${world.sim.v4}/downloads/${running.id}`, bearer(world.v4.token));
    expect(r.body).toMatchObject({ status: 'in_progress' });
    const err = await getJson(`${world.sim.v4}/downloads/x`, bearer(world.v4.token));
    expect(err.body).toEqual({
      error: 'Bad Request',
      message: 'ID must be a number.',
      code: 400,
      details: [],
    });
  });

  it('legacy: numeric id, user_id, 2017 dates, upper-case format, full cost from the start, Expires= links', async () => {
    world = await startSimWorld({ dialect: 'legacy' });
    const { d, one } = await oneCompletedAndList();
    expect(one).toMatchObject({ id: Number(d.id), format: 'JSON', total_cost: 1500 });
    expect(typeof one.user_id).toBe('number');
    expect(one.date_started).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.0$/);
    expect((one.results as string[])[0]).toMatch(/\?AWSAccessKeyId=.*&Expires=\d+&Signature=/);
    const queued = world.sim.addDownload(world.v4.token, { numRecords: 99 });
    const q = await getJson(`${world.sim.v4}/downloads/${queued.id}`, bearer(world.v4.token));
    expect(q.body).toMatchObject({ status: 'queued', total_cost: 99 });
  });

  it('setDialect switches the shapes of a running simulator', async () => {
    world = await startSimWorld();
    world.sim.setDialect('spec');
    expect(world.sim.dialect).toBe('spec');
    const list = await getJson(`${world.sim.v4}/downloads`, bearer(world.v4.token));
    expect(list.body).toEqual([]);
  });
});
