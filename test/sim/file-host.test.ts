import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, getJson, startSimWorld, type SimWorld } from '../support/sim-world.js';
import { LINK_LIFETIME_SECONDS } from './index.js';

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

const DAY = 24 * 3600_000;

function completed(opts: Parameters<SimWorld['sim']['addDownload']>[1] = {}) {
  return world.sim.addDownload(world.v4.token, { startedAt: world.clock.t - DAY, ...opts });
}

describe('file host', () => {
  it('serves CSV files whose parsed records add up to num_downloaded, with MD5 ETag and Content-Length', async () => {
    world = await startSimWorld();
    const d = completed({ numRecords: 2345, recordsPerFile: 1000 });
    const files = d.files();
    expect(files.map((f) => f.name)).toEqual([`${d.id}_1.csv`, `${d.id}_2.csv`, `${d.id}_3.csv`]);
    let total = 0;
    for (const f of files) {
      const res = await fetch(f.url);
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect(res.headers.get('etag')).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
      expect(res.headers.get('content-type')).toBe('text/csv');
      total += (parse(body, { columns: true }) as unknown[]).length;
    }
    expect(total).toBe(2345);
    expect(d.numDownloaded()).toBe(2345);
  });

  it('serves JSON downloads as NDJSON .txt files', async () => {
    world = await startSimWorld();
    const d = completed({ numRecords: 30, format: 'json' });
    const [f] = d.files();
    expect(f?.url).toMatch(/\/files\/\d+\/\d+_1\.txt\?/);
    const text = await (await fetch(f?.url ?? '')).text();
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toHaveLength(30);
  });

  it('answers Range bytes=N- with 206 and the tail; out-of-range with 416', async () => {
    world = await startSimWorld();
    const [f] = completed({ numRecords: 500 }).files();
    const url = f?.url ?? '';
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    const part = await fetch(url, { headers: { Range: 'bytes=1000-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-${whole.length - 1}/${whole.length}`);
    expect(Number(part.headers.get('content-length'))).toBe(whole.length - 1000);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(1000))).toBe(true);

    const mid = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    expect(Buffer.from(await mid.arrayBuffer()).equals(whole.subarray(10, 20))).toBe(true);

    const beyond = await fetch(url, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${whole.length}`);

    // If-Range with a stale ETag gets the whole file, as S3 does.
    const stale = await fetch(url, { headers: { Range: 'bytes=1000-', 'If-Range': '"stale"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('serves a multi-GiB file from an offset near its end without generating the rest', async () => {
    world = await startSimWorld();
    const [f] = completed({ numRecords: 4000, recordsPerFile: 4000, bytesPerRecord: 1024 * 1024 }).files();
    expect(f?.size).toBeGreaterThan(3 * 1024 ** 3);
    expect(f?.etag).toMatch(/^"[0-9a-f]{32}-\d+"$/);
    const head = await fetch(f?.url ?? '', { method: 'HEAD' });
    expect(Number(head.headers.get('content-length'))).toBe(f?.size);
    const tail = await fetch(f?.url ?? '', { headers: { Range: `bytes=${(f?.size ?? 0) - 100}-` } });
    expect(tail.status).toBe(206);
    expect((await tail.arrayBuffer()).byteLength).toBe(100);
  });

  it('answers 403 S3 XML "Request has expired" 7 days after signing', async () => {
    world = await startSimWorld();
    const d = completed({ numRecords: 10 });
    const [f] = d.files();
    const url = f?.url ?? '';
    const signed = new URL(url).searchParams.get('X-Amz-Date');
    expect(signed).toMatch(/^\d{8}T\d{6}Z$/);
    world.clock.t = (f?.signedAt ?? 0) + LINK_LIFETIME_SECONDS * 1000;
    expect((await fetch(url)).status).toBe(200);
    world.clock.t += 1000;
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml /);
    expect(xml).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });

  it('legacy Expires= links expire too', async () => {
    world = await startSimWorld({ dialect: 'legacy' });
    const [f] = completed({ numRecords: 10 }).files();
    const url = f?.url ?? '';
    expect(new URL(url).searchParams.get('Expires')).toBe(String((f?.signedAt ?? 0) / 1000 + 604800));
    expect((await fetch(url)).status).toBe(200);
    world.clock.t += 8 * DAY;
    expect((await fetch(url)).status).toBe(403);
  });

  it('expireLinks kills the current URLs; resignLinks hands out new working ones on the next GET', async () => {
    world = await startSimWorld();
    const { sim, v4, clock } = world;
    const d = completed({ numRecords: 10 });
    const get = async () =>
      ((await getJson(`${sim.v4}/downloads/${d.id}`, bearer(v4.token))).body as { results: string[] })
        .results[0] ?? '';
    const first = await get();
    sim.expireLinks(d.id);
    const expired = await fetch(first);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    // Without a re-sign, the API keeps handing out the same dead URL.
    expect(await get()).toBe(first);

    clock.t += 5000;
    sim.resignLinks(d.id);
    const fresh = await get();
    expect(fresh).not.toBe(first);
    expect(new URL(fresh).searchParams.get('X-Amz-Date')).toBe(
      new Date(clock.t)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    );
    const res = await fetch(fresh);
    expect(res.status).toBe(200);
    // Same bytes and ETag: a partial save can resume against the new URL.
    expect(res.headers.get('etag')).toBe(d.files()[0]?.etag);
    await res.arrayBuffer();
  });

  it('rejects a tampered signature and a request that also carries an Authorization header', async () => {
    world = await startSimWorld();
    const [f] = completed({ numRecords: 10 }).files();
    const url = new URL(f?.url ?? '');
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const bad = await fetch(url);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const withAuth = await fetch(f?.url ?? '', { headers: bearer(world.v4.token) });
    expect(withAuth.status).toBe(400);
    expect(await withAuth.text()).toContain('Only one auth mechanism allowed');
    expect(world.sim.log.at(-1)).toMatchObject({ auth: 'bearer', authorization: `Bearer ${world.v4.token}` });
  });

  it('answers 404 NoSuchKey for a file that does not exist', async () => {
    world = await startSimWorld();
    const d = completed({ numRecords: 10 });
    const res = await fetch(`${world.sim.files}/1/${d.id}_9.csv`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchKey</Code>');
  });
});
