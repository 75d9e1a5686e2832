import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInlineDigests,
  createWorkerDigests,
  type DigestService,
} from '../../../main/core/files/digest-worker.js';

let service: DigestService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

function expected(data: Buffer) {
  return {
    sha256: createHash('sha256').update(data).digest('hex'),
    md5: createHash('md5').update(data).digest('hex'),
  };
}

describe('digests on a worker thread', () => {
  it('match node:crypto for several interleaved streams cut at odd sizes', async () => {
    service = createWorkerDigests();
    const inputs = [randomBytes(3 * 1024 * 1024 + 17), randomBytes(5), Buffer.alloc(0)];
    const streams = inputs.map((_, i) => service!.create({ md5: i !== 1 }));
    const offsets = inputs.map(() => 0);
    for (let step = 0; inputs.some((b, i) => offsets[i]! < b.length); step++) {
      for (const [i, data] of inputs.entries()) {
        const size = 1 + ((step * 7919 + i * 104729) % 200_000);
        const chunk = data.subarray(offsets[i], offsets[i]! + size);
        offsets[i]! += chunk.length;
        if (chunk.length) await streams[i]!.update(chunk);
      }
    }
    const results = await Promise.all(streams.map((s) => s.digest()));
    inputs.forEach((data, i) => {
      expect(results[i]!.sha256).toBe(expected(data).sha256);
      expect(results[i]!.md5).toBe(i === 1 ? null : expected(data).md5);
    });
  });

  it('asks the stream to wait when the worker is far behind, and lets it go on', async () => {
    service = createWorkerDigests();
    const s = service.create({ md5: false });
    const chunk = randomBytes(1024 * 1024);
    let waited = 0;
    for (let i = 0; i < 64; i++) {
      const wait = s.update(chunk);
      if (wait) {
        waited++;
        await wait;
      }
    }
    const all = Buffer.concat(Array.from({ length: 64 }, () => chunk));
    expect((await s.digest()).sha256).toBe(expected(all).sha256);
    expect(waited).toBeGreaterThan(0);
  });

  it('inline hashing gives the same answer', async () => {
    const data = randomBytes(100_000);
    const s = createInlineDigests().create({ md5: true });
    expect(s.update(data)).toBeNull();
    expect(await s.digest()).toEqual(expected(data));
  });
});

describe('record counting beside the digests', () => {
  // Quoted fields with commas, CRLF and newlines inside quotes: only a quote-aware count gets 4.
  const csv = Buffer.from(
    'id,name,notes\r\n1,"Acme, Inc.","line one\nline two"\r\n2,Bob,plain\r\n3,"He said ""hi""","a\r\nb"\r\n4,Zed,\r\n',
  );
  const ndjson = Buffer.from('{"a":1}\n{"a":2}\n\n{"a":3}\n');

  async function countWith(make: () => DigestService, data: Buffer, format: 'csv' | 'json', step: number) {
    service = make();
    const stream = service.create({ md5: false, records: { format } });
    for (let i = 0; i < data.length; i += step) await stream.update(data.subarray(i, i + step));
    const result = await stream.digest();
    await service.close();
    service = null;
    return result.records;
  }

  it.each([1, 2, 3, 7, 64])('the worker and the inline fallback agree, cut every %i bytes', async (step) => {
    for (const make of [createWorkerDigests, createInlineDigests]) {
      expect(await countWith(make, csv, 'csv', step)).toBe(4);
      expect(await countWith(make, ndjson, 'json', step)).toBe(3);
    }
  });
});
