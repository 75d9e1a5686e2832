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
