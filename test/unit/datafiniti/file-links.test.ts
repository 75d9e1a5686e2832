import { describe, expect, it } from 'vitest';
import { fileFromUrl, linkExpiryFromUrl } from '../../../main/core/datafiniti/file-links.js';
import { parseApiDate } from '../../../main/core/datafiniti/api-dates.js';
import { createRedactor } from '../../../main/core/datafiniti/redact.js';

describe('result links', () => {
  it('reads the expiry from X-Amz-Date + X-Amz-Expires, or a legacy Expires epoch', () => {
    expect(linkExpiryFromUrl('https://s3/u/1_1.csv?X-Amz-Date=20260105T090000Z&X-Amz-Expires=604800')).toBe(
      '2026-01-12T09:00:00.000Z',
    );
    expect(linkExpiryFromUrl('https://s3/u/1_1.csv?Expires=1767603600&Signature=x')).toBe(
      '2026-01-05T09:00:00.000Z',
    );
    expect(linkExpiryFromUrl('https://s3/u/1_1.csv')).toBeNull();
    expect(linkExpiryFromUrl('https://s3/u/1_1.csv?X-Amz-Date=garbage&X-Amz-Expires=60')).toBeNull();
  });

  it('names a file after the last path segment, decoded, with a fallback', () => {
    expect(fileFromUrl('https://s3/users/5013/847070_12.txt?sig=1', 0).name).toBe('847070_12.txt');
    expect(fileFromUrl('https://s3/a%2Fb%20c.csv', 0).name).toBe('a/b c.csv');
    expect(fileFromUrl('https://s3/bad%E0%A4%A.csv', 0).name).toBe('bad%E0%A4%A.csv');
    expect(fileFromUrl('https://s3/', 2).name).toBe('file_3');
  });
});

describe('API dates', () => {
  it.each([
    ['2022-03-01T11:58:02.123Z', '2022-03-01T11:58:02.123Z'],
    ['2017-11-16 17:46:06.0', '2017-11-16T17:46:06.000Z'],
    ['2017-1-11 15:52:42', '2017-01-11T15:52:42.000Z'],
    ['2017-1-11 5:02:42', '2017-01-11T05:02:42.000Z'],
    ['2024-06-01T02:00:00+02:00', '2024-06-01T00:00:00.000Z'],
    ['2024-06-01', '2024-06-01T00:00:00.000Z'],
    ['2017-02-29 00:00:00', null],
    ['2017-11-16 24:00:00', null],
    ['16/11/2017', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(parseApiDate(input)).toBe(expected);
  });
});

describe('redactor', () => {
  it('removes a secret in every spelling it travels in', () => {
    const token = 'abc/def+ghi=';
    const redact = createRedactor([token]);
    const basic = Buffer.from(`${token}:`).toString('base64');
    expect(redact(`Bearer ${token} Basic ${basic} q=${encodeURIComponent(token)}`)).toBe(
      'Bearer [redacted] Basic [redacted] q=[redacted]',
    );
  });
});
