import { describe, expect, it } from 'vitest';
import {
  apiMessageOf,
  errorFromResponse,
  retryAfterMs,
} from '../../../main/core/datafiniti/errors-from-response.js';

const NOW = Date.parse('2026-01-05T09:00:00Z');
const identity = (t: string) => t;

function errorFor(status: number, text: string, headers: Record<string, string> = {}) {
  return errorFromResponse({ status, text, headers: new Headers(headers) }, { now: NOW, redact: identity });
}

const official = (m: string) => JSON.stringify({ errors: [m] });
const spec = (m: string) => JSON.stringify({ error: 'Bad Request', message: m, code: 400, details: [] });

describe('error kinds a user can act on', () => {
  it.each([
    [401, official('Invalid token.'), 'auth', 'Invalid token.'],
    [401, 'Unauthorized', 'auth', 'HTTP 401: Unauthorized'],
    [400, 'Unauthorized', 'auth', 'HTTP 400: Unauthorized'],
    [400, official('An invalid user token was provided.'), 'auth', 'An invalid user token was provided.'],
    [400, spec('An inactive user token was provided.'), 'auth', 'An inactive user token was provided.'],
    [
      400,
      official('Invalid query: unexpected token "INVALID" at position 6.'),
      'rejected',
      'Invalid query: unexpected token "INVALID" at position 6.',
    ],
    [400, official('request body is invalid json'), 'rejected', 'request body is invalid json'],
    [400, official('ID must be a number.'), 'rejected', 'ID must be a number.'],
    [
      403,
      official("There was a problem with this customer's payment information."),
      'payment',
      "There was a problem with this customer's payment information.",
    ],
    [
      403,
      official('Requested 50 records exceeds preview record limit'),
      'rejected',
      'Requested 50 records exceeds preview record limit',
    ],
    [404, official('Download not found.'), 'not-found', 'Download not found.'],
    [404, spec('planets is not a valid data-type'), 'rejected', 'planets is not a valid data-type'],
    [500, '<html><body><h1>Bad Gateway</h1></body></html>', 'server', 'HTTP 500: Bad Gateway'],
    [502, '', 'server', 'HTTP 502'],
    [503, 'Service Unavailable', 'server', 'HTTP 503: Service Unavailable'],
    [429, official('Too many requests.'), 'rate-limited', 'Too many requests.'],
  ])('%i %s -> %s', (status, body, kind, message) => {
    const err = errorFor(status, body);
    expect(err.code).toBe(kind);
    expect(err.message).toBe(message);
    expect(err.detail?.['status']).toBe(status);
  });

  it('cuts a long body to its first 200 characters', () => {
    const err = errorFor(500, 'x'.repeat(1000));
    expect(err.message).toBe(`HTTP 500: ${'x'.repeat(200)}`);
  });

  it('a 503 with Retry-After is a request to slow down, with the time to come back', () => {
    const err = errorFor(503, 'Service Unavailable', { 'Retry-After': '30' });
    expect(err.code).toBe('rate-limited');
    expect(err.detail?.['retryAt']).toBe('2026-01-05T09:00:30.000Z');
  });
});

describe('apiMessageOf', () => {
  it('joins several official errors and reads the spec shape', () => {
    expect(apiMessageOf(JSON.stringify({ errors: ['One.', 'Two.'] }))).toBe('One. Two.');
    expect(apiMessageOf(JSON.stringify({ errors: [{ message: 'Nested.' }] }))).toBe('Nested.');
    expect(apiMessageOf(JSON.stringify({ error: 'Not Found', message: '', code: 404 }))).toBe('Not Found');
    expect(apiMessageOf('not json')).toBeNull();
    expect(apiMessageOf(JSON.stringify({ errors: [] }))).toBeNull();
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates; a past date means now', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs('Mon, 05 Jan 2026 09:01:00 GMT', NOW)).toBe(60_000);
    expect(retryAfterMs('Mon, 05 Jan 2026 08:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs('-5', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });

  it("measures a date against the server's Date header, whatever this machine's clock says", () => {
    const sent = 'Wed, 07 Jan 2026 09:00:00 GMT';
    expect(retryAfterMs('Wed, 07 Jan 2026 09:00:30 GMT', NOW, sent)).toBe(30_000);
    // An unreadable Date header falls back to this machine's clock.
    expect(retryAfterMs('Mon, 05 Jan 2026 09:01:00 GMT', NOW, 'yesterday-ish')).toBe(60_000);
    expect(retryAfterMs('120', NOW, sent)).toBe(120_000);
  });
});
