import { describe, expect, it } from 'vitest';
import { describeExpiry, linkExpiresAt } from '../../../main/core/files/link-expiry.js';

describe('linkExpiresAt', () => {
  it('prefers the file expiresAt', () => {
    expect(linkExpiresAt({ url: 'https://x/y', expiresAt: '2026-01-12T09:00:00Z' })).toBe(
      Date.parse('2026-01-12T09:00:00Z'),
    );
  });

  it('reads SigV4 X-Amz-Date + X-Amz-Expires', () => {
    const url = 'https://s3/f.csv?X-Amz-Date=20260105T090000Z&X-Amz-Expires=604800&X-Amz-Signature=ab';
    expect(linkExpiresAt({ url, expiresAt: null })).toBe(Date.parse('2026-01-12T09:00:00Z'));
  });

  it('reads the signature parameters in any case, as the normalizer does', () => {
    const url = 'https://s3/f.csv?x-amz-date=20260105T090000Z&x-amz-expires=604800&x-amz-signature=ab';
    expect(linkExpiresAt({ url, expiresAt: null })).toBe(Date.parse('2026-01-12T09:00:00Z'));
  });

  it('reads legacy Expires=<epoch>', () => {
    expect(linkExpiresAt({ url: 'https://s3/f.csv?Expires=1768208400&Signature=x', expiresAt: null })).toBe(
      1768208400_000,
    );
  });

  it('says null when it cannot tell', () => {
    expect(linkExpiresAt({ url: 'not a url', expiresAt: 'garbage' })).toBeNull();
    expect(describeExpiry(null)).toContain('did not say');
    expect(describeExpiry(Date.parse('2026-01-12T09:00:00Z'))).toBe('on 2026-01-12 09:00 UTC');
  });
});
