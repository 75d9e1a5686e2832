// A token must never appear in what the user sees or the app logs, even when a server or proxy
// echoes the request headers back. The echo server below is real HTTP; it plays a badly behaved
// proxy, which the simulator (a well-behaved API) does not.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../main/core/errors.js';
import { authenticate, createClient } from '../../../main/core/datafiniti/index.js';
import type { ApiVersion } from '../../../preload/contract/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { rejection } from '../../support/app-error.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';

const CANARY = 'canary-TOKEN-7f3a9c1e55d04b2b';
const PASSWORD = 'canary-PASSWORD-91ab';

type Echo = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const dump = (req: IncomingMessage, body: string) =>
  `${req.method} ${req.url}\n${Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n')}\n\n${body}`;

/** Each answer echoes the request (headers and body) in a different place and shape. */
const ECHOES: Record<string, Echo> = {
  'JSON errors with the header': (req, _b, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [`Invalid token: ${req.headers.authorization}`] }));
  },
  'spec error with the header': (req, _b, res) => {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        error: 'Bad Request',
        message: `An invalid user token was provided: ${req.headers.authorization}`,
      }),
    );
  },
  'plain-text dump': (req, body, res) => {
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end(dump(req, body));
  },
  'HTML page with the dump': (req, body, res) => {
    res.writeHead(500, { 'Content-Type': 'text/html' });
    res.end(`<html><body><pre>${dump(req, body)}</pre></body></html>`);
  },
  '429 with the dump': (req, body, res) => {
    res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
    res.end(dump(req, body));
  },
  '200 of the wrong shape': (req, _b, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ seen: req.headers }));
  },
  '200 malformed JSON': (req, _b, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"auth": "${req.headers.authorization}", "cut`);
  },
  'token only, URL-encoded': (req, _b, res) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ')
      ? header.slice(7)
      : Buffer.from(header.slice(6), 'base64').toString();
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(`no such thing for ${encodeURIComponent(token)}`);
  },
};

let server: Server;
let baseUrl: string;
let echo: Echo = ECHOES['plain-text dump'] as Echo;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => echo(req, Buffer.concat(chunks).toString(), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function leaks(err: AppError, secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    Buffer.from(`${secret}:`).toString('base64'),
    Buffer.from(secret).toString('base64'),
  ];
  const seen = [
    err.message,
    String(err),
    err.stack ?? '',
    JSON.stringify(err.detail ?? {}),
    JSON.stringify(err.toInfo()),
  ].join('\n');
  return forms.filter((f) => seen.includes(f));
}

describe.each<ApiVersion>(['v4', 'v3'])('the %s token never reaches an error', (version) => {
  it.each(Object.keys(ECHOES))('when the server answers with %s', async (name) => {
    echo = ECHOES[name] as Echo;
    const client = createClient({
      accountId: 'a',
      version,
      baseUrl: `${baseUrl}/${version}`,
      token: CANARY,
      fetch: electronNetFetch,
      maxRetries: 0,
      timeoutMs: 2000,
      random: () => 0,
    });
    const errors = [
      await rejection(client.list()),
      await rejection(client.get('1')),
      await rejection(client.start({ dataType: 'people', query: 'x:y', format: 'csv' })),
    ];
    for (const err of errors) {
      expect(leaks(err, CANARY)).toEqual([]);
      // The message still says something useful.
      expect(err.message.length).toBeGreaterThan(5);
    }
  });
});

describe('the password of a sign-in never reaches an error', () => {
  it.each(Object.keys(ECHOES))('when the server answers with %s', async (name) => {
    echo = ECHOES[name] as Echo;
    const err = await rejection(
      authenticate({
        baseUrl: `${baseUrl}/v4`,
        email: 'me@example.com',
        password: PASSWORD,
        fetch: electronNetFetch,
        timeoutMs: 2000,
      }),
    );
    expect(leaks(err, PASSWORD)).toEqual([]);
  });
});

describe('authenticate against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('exchanges email and password for a token that works as Bearer', async () => {
    const account = sim.addAccount({ version: 'v4', email: 'ann@example.com', password: PASSWORD });
    sim.addDownload(account.token, { numRecords: 5 });
    const token = await authenticate({
      baseUrl: sim.v4,
      email: 'ann@example.com',
      password: PASSWORD,
      fetch: electronNetFetch,
    });
    expect(token).not.toBe('');
    const client = createClient({
      accountId: 'a',
      version: 'v4',
      baseUrl: sim.v4,
      token,
      fetch: electronNetFetch,
    });
    expect(await client.list()).toHaveLength(1);
    const auth = sim.log.find((e) => e.path === '/v4/auth');
    expect(auth).toMatchObject({ method: 'POST', status: 200, auth: 'none' });
  });

  it('a wrong password is an auth error with the API message', async () => {
    sim.addAccount({ version: 'v4', email: 'bob@example.com', password: 'right' });
    const err = await rejection(
      authenticate({
        baseUrl: sim.v4,
        email: 'bob@example.com',
        password: PASSWORD,
        fetch: electronNetFetch,
      }),
    );
    expect(err).toMatchObject({ code: 'auth', message: 'Invalid email or password.' });
    expect(sim.log.filter((e) => e.path === '/v4/auth' && e.status === 401)).toHaveLength(1);
  });

  it('a session token that stopped working is an auth error', async () => {
    const account = sim.addAccount({ version: 'v4', email: 'cy@example.com', password: 'pw-cy' });
    const token = await authenticate({
      baseUrl: sim.v4,
      email: account.email,
      password: 'pw-cy',
      fetch: electronNetFetch,
    });
    sim.expireSessionTokens();
    const err = await rejection(
      createClient({ accountId: 'a', version: 'v4', baseUrl: sim.v4, token, fetch: electronNetFetch }).list(),
    );
    expect(err.code).toBe('auth');
  });
});
