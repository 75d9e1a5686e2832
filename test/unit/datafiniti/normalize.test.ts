import { describe, expect, it } from 'vitest';
import {
  MAX_FIELD_CHARS,
  MAX_QUERY_CHARS,
  normalizeDownload,
  normalizeDownloadList,
  normalizeV3Results,
} from '../../../main/core/datafiniti/normalize.js';
import { legacyV4, modernV4, specV4, v3Request, v3Results } from './payload-samples.js';

const v4 = { accountId: 'acc1', version: 'v4' } as const;
const v3 = { accountId: 'acc3', version: 'v3' } as const;

describe('normalizeDownload: the documented shapes', () => {
  it('reads a modern v4 download, preferring the string id', () => {
    expect(normalizeDownload(modernV4, v4)).toEqual({
      key: 'acc1:v4:847070',
      accountId: 'acc1',
      version: 'v4',
      id: '847070',
      status: 'completed',
      rawStatus: 'completed',
      dataType: 'products',
      format: 'csv',
      query: 'brand:Apple',
      view: 'product_flat',
      numRecords: 2000,
      numDownloaded: 2000,
      numFound: null,
      progress: 1,
      cost: 2000,
      startedAt: '2022-03-01T11:58:02.123Z',
      updatedAt: '2022-03-01T12:00:00.000Z',
      completedAt: '2022-03-01T12:00:00.000Z',
      files: [
        {
          url: modernV4.results[0],
          name: '847070_1.csv',
          expiresAt: '2022-03-08T12:00:00.000Z',
        },
        {
          url: modernV4.results[1],
          name: '847070_2.csv',
          expiresAt: '2022-03-08T12:00:00.000Z',
        },
      ],
      error: null,
    });
  });

  it('reads a legacy 2017 download: numeric id, upper-case format, 2017 dates as UTC, Expires links', () => {
    const d = normalizeDownload(legacyV4, v4);
    expect(d).toMatchObject({
      key: 'acc1:v4:7',
      id: '7',
      status: 'running',
      format: 'csv',
      dataType: 'businesses',
      progress: 0.25,
      cost: 500,
      startedAt: '2017-11-16T17:46:06.000Z',
      updatedAt: '2017-11-16T17:50:11.000Z',
      completedAt: null,
    });
    expect(d?.files).toEqual([
      { url: legacyV4.results[0], name: '7_1.csv', expiresAt: new Date(1511459166 * 1000).toISOString() },
    ]);
  });

  it('reads the spec-page shape: in_progress, {url} results, created_at', () => {
    const d = normalizeDownload(specV4, v4);
    expect(d).toMatchObject({
      id: 'a1b2c3',
      status: 'running',
      rawStatus: 'in_progress',
      progress: null,
      numRecords: 100,
      startedAt: '2023-05-04T10:11:12.000Z',
      files: [{ url: 'https://files.example.com/u/a1b2c3_1.txt', name: 'a1b2c3_1.txt', expiresAt: null }],
    });
  });

  it('reads a v3 request, as an array of one or a bare object', () => {
    for (const raw of [[v3Request], v3Request]) {
      expect(normalizeDownload(raw, v3)).toMatchObject({
        key: 'acc3:v3:53',
        status: 'running',
        rawStatus: 'STARTED',
        dataType: 'properties',
        format: 'json',
        numRecords: 1000,
        numDownloaded: 250,
        numFound: 81234,
        progress: 0.25,
        view: null,
        startedAt: '2017-01-11T15:52:42.000Z',
        completedAt: null,
        error: null,
        files: [],
      });
    }
  });

  it('marks a v3 request with an error as failed and keeps the message', () => {
    const d = normalizeDownload({ ...v3Request, error: 'Query timed out' }, v3);
    expect(d).toMatchObject({ status: 'failed', rawStatus: 'STARTED', error: 'Query timed out' });
  });

  it.each([
    ['running', 'running'],
    ['RUNNING', 'running'],
    ['In_Progress', 'running'],
    ['started', 'running'],
    ['COMPLETED', 'completed'],
    ['Queued', 'queued'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
    ['FAILED', 'failed'],
    ['paused', 'unknown'],
    ['', 'unknown'],
  ])('maps status %j to %s', (raw, expected) => {
    const d = normalizeDownload({ id: '1', status: raw }, v4);
    expect(d?.status).toBe(expected);
    expect(d?.rawStatus).toBe(raw);
  });

  it('keeps an unknown status as it came', () => {
    expect(normalizeDownload({ id: 1, status: 'suppressing' }, v4)).toMatchObject({
      status: 'unknown',
      rawStatus: 'suppressing',
    });
  });

  it('clamps progress and ignores a zero or missing total', () => {
    expect(
      normalizeDownload({ id: 1, status: 'running', num_records: 10, num_downloaded: 15 }, v4)?.progress,
    ).toBe(1);
    expect(
      normalizeDownload({ id: 1, status: 'running', num_records: 0, num_downloaded: 5 }, v4)?.progress,
    ).toBe(null);
    expect(normalizeDownload({ id: 1, status: 'queued', num_downloaded: 5 }, v4)?.progress).toBe(null);
  });

  it('falls back to _id and to a numeric id, and returns null without any usable id', () => {
    expect(normalizeDownload({ _id: 99 }, v4)?.id).toBe('99');
    expect(normalizeDownload({ id: ' ', _id: '12' }, v4)?.id).toBe('12');
    expect(normalizeDownload({ id: 5, _id: 'x' }, v4)?.id).toBe('x');
    expect(normalizeDownload({ status: 'running' }, v4)).toBeNull();
    expect(normalizeDownload({ id: null, _id: {} }, v4)).toBeNull();
    expect(normalizeDownload('847070', v4)).toBeNull();
    expect(normalizeDownload([], v4)).toBeNull();
  });

  it('reads numbers sent as strings and rejects NaN-like ones', () => {
    const d = normalizeDownload(
      { id: 1, status: 'running', num_records: '200', num_downloaded: 'NaN', total_cost: '-3' },
      v4,
    );
    expect(d).toMatchObject({ numRecords: 200, numDownloaded: null, progress: null, cost: null });
  });

  it('ignores dates that are not dates', () => {
    const d = normalizeDownload(
      { id: 1, date_started: '2017-02-30 10:00:00', date_updated: 'yesterday', created_at: 1234 },
      v4,
    );
    expect(d).toMatchObject({ startedAt: null, updatedAt: null });
  });

  it('reads ISO dates with offsets', () => {
    expect(normalizeDownload({ id: 1, date_started: '2024-06-01T02:00:00+02:00' }, v4)?.startedAt).toBe(
      '2024-06-01T00:00:00.000Z',
    );
  });

  it('decodes file names and skips results without a URL', () => {
    const d = normalizeDownload(
      { id: 1, results: ['https://h/x/my%20file_1.csv?sig=1', { url: '' }, 42, null, { href: 'x' }] },
      v4,
    );
    expect(d?.files).toEqual([
      { url: 'https://h/x/my%20file_1.csv?sig=1', name: 'my file_1.csv', expiresAt: null },
    ]);
  });
});

describe('words the API sends that name what every object has', () => {
  // Found by the property test (seed 1463648564): `data_type: "__proto__"` read as Object.prototype.
  it('a data type or status of "__proto__", "constructor" or "toString" reads as unknown', () => {
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const d = normalizeDownload({ ...modernV4, data_type: word, status: word.toUpperCase() }, v4)!;
      expect(d.dataType).toBeNull();
      expect(d.status).toBe('unknown');
    }
  });
});

describe('normalizeDownloadList', () => {
  it('reads the official wrapper and the bare array alike', () => {
    const wrapped = normalizeDownloadList({ num_found: 2, records: [modernV4, legacyV4] }, v4);
    const bare = normalizeDownloadList([modernV4, legacyV4], v4);
    expect(wrapped.map((d) => d.key)).toEqual(['acc1:v4:847070', 'acc1:v4:7']);
    expect(bare).toEqual(wrapped);
  });

  it('drops entries without an id and duplicates, and reads nothing from a non-list', () => {
    expect(normalizeDownloadList([modernV4, { status: 'queued' }, 'x', modernV4], v4)).toHaveLength(1);
    expect(normalizeDownloadList({ message: 'ok' }, v4)).toEqual([]);
    expect(normalizeDownloadList(null, v4)).toEqual([]);
  });
});

describe('normalizeV3Results', () => {
  it('gives each file date_created + 7 days when the URL carries no expiry', () => {
    expect(normalizeV3Results(v3Results)).toEqual([
      {
        url: 'https://s3.amazonaws.com/df/4/53_1.txt',
        name: '53_1.txt',
        expiresAt: '2017-01-18T16:02:00.000Z',
      },
    ]);
  });

  it('prefers the expiry in the URL signature', () => {
    const url = 'https://h/4/53_1.txt?X-Amz-Date=20170111T160000Z&X-Amz-Expires=3600';
    expect(normalizeV3Results([{ url, date_created: '2017-1-11 16:02:00' }])[0]?.expiresAt).toBe(
      '2017-01-11T17:00:00.000Z',
    );
  });

  it('reads nothing from a non-list or entries without url', () => {
    expect(normalizeV3Results('oops')).toEqual([]);
    expect(normalizeV3Results([{ id: 1 }, 7])).toEqual([]);
  });
});

describe('oversized fields', () => {
  it('keeps a prefix of a huge query and says it was cut', () => {
    const query = 'country:US AND ' + 'x'.repeat(5_000_000);
    const d = normalizeDownload({ id: 7, status: 'completed', query, view: 'v'.repeat(100_000) }, v4);
    expect(d?.query.startsWith('country:US AND xxx')).toBe(true);
    expect(d?.query.length).toBeLessThan(MAX_QUERY_CHARS + 100);
    expect(d?.query).toMatch(/… \[cut: the API sent 5,000,015 characters\]$/);
    expect(d?.view?.length).toBeLessThan(MAX_FIELD_CHARS + 100);
    expect(d?.view).toMatch(/\[cut: the API sent 100,000 characters\]$/);
  });

  it('leaves an ordinary query alone', () => {
    expect(normalizeDownload({ id: 7, query: 'brand:Apple' }, v4)?.query).toBe('brand:Apple');
  });
});
