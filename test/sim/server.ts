/**
 * The HTTP server: logs every request, applies injected faults, then routes to v3, v4 or the
 * file host. `startSimulator` assembles it and exposes the control surface tests use.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { authKind } from './auth.js';
import { chargesReport } from './billing.js';
import { createDemo } from './demo.js';
import { apiError, fileUrls } from './dialects.js';
import { serveFile, fileContent } from './file-host.js';
import { FaultRegistry, applyFault } from './faults.js';
import { send, type RequestContext } from './http.js';
import { snapshot, stopEarly } from './lifecycle.js';
import { routeV3 } from './routes-v3.js';
import { routeV4 } from './routes-v4.js';
import { fileName, signedAtFor } from './signing.js';
import { SimState, type DownloadRecord, type PersistedSimState } from './state.js';
import type {
  AddAccountOptions,
  Dialect,
  RequestLogEntry,
  SimAccount,
  SimDownload,
  SimDownloadOptions,
  SimFile,
  SimOptions,
  Simulator,
} from './types.js';

/** `GET` it for what the simulator has charged so far (see `ChargesReport`). */
export const CHARGES_PATH = '/_sim/charges';

function publicAccount(a: SimAccount): SimAccount {
  return { token: a.token, email: a.email, password: a.password, version: a.version };
}

function downloadHandle(state: SimState, d: DownloadRecord): SimDownload {
  return {
    id: String(d.id),
    version: d.version,
    token: d.account.token,
    numRecords: d.numRecords,
    status: () => snapshot(d, state.now()).status,
    numDownloaded: () => snapshot(d, state.now()).numDownloaded,
    error: () => snapshot(d, state.now()).error,
    files: (): SimFile[] => {
      const snap = snapshot(d, state.now());
      const urls = fileUrls(state, d, snap);
      return snap.files.map((slot, i) => {
        const content = fileContent(state, d, slot);
        return {
          n: slot.n,
          name: fileName(d, slot.n),
          url: urls[i] ?? '',
          records: slot.records,
          size: content.size,
          etag: content.etag(),
          signedAt: signedAtFor(d, slot),
        };
      });
    },
    cancel: () => {
      stopEarly(d, state.now(), 'cancelled');
    },
  };
}

async function handle(
  state: SimState,
  faults: FaultRegistry,
  log: RequestLogEntry[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  // The control surface for tests and manual runs: outside the API, its log and its faults.
  if (url.pathname === CHARGES_PATH && method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(chargesReport(state)));
    return;
  }
  const entry: RequestLogEntry = {
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status: 0,
    auth: authKind(req.headers.authorization),
    time: state.now(),
  };
  if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
  if (req.headers.cookie !== undefined) entry.cookie = req.headers.cookie;
  if (req.headers.range !== undefined) entry.range = req.headers.range;
  // Logged before answering so a test that has its response always finds the entry.
  log.push(entry);

  const ctx: RequestContext = { req, res, method, path: url.pathname, query: url.searchParams, state, entry };
  const fault = faults.take(method, url.pathname, req.headers.authorization);
  if (fault && (await applyFault(ctx, fault))) return;

  if (url.pathname.startsWith('/files/')) {
    await serveFile(ctx);
    return;
  }
  if (url.pathname.startsWith('/v4/') && (await routeV4(ctx))) return;
  if (url.pathname.startsWith('/v3/') && (await routeV3(ctx))) return;
  const e = apiError(state.dialect, 404, 'Not found.');
  send(ctx, e.status, e.contentType, e.body);
}

interface SavedState {
  port: number;
  world: PersistedSimState;
}

function readSavedState(file: string): SavedState | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedState;
}

function writeSavedState(file: string, value: SavedState): void {
  mkdirSync(dirname(file), { recursive: true });
  // Whole or not at all: a demo stopped mid-write must still start next time.
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  const now = opts.now ?? Date.now;
  const state = new SimState(
    now,
    opts.speed && opts.speed > 0 ? opts.speed : 1,
    opts.seed ?? 1,
    opts.dialect ?? 'official',
    opts.authFailure ?? 'rotate',
    opts.downloadDefaults ?? {},
    opts.sessionTokenTtlMs,
  );
  const faults = new FaultRegistry();
  const log: RequestLogEntry[] = [];
  const saved = opts.stateFile ? readSavedState(opts.stateFile) : null;
  if (saved) state.restore(saved.world);
  let port = 0;
  const save = (): void => {
    if (opts.stateFile) writeSavedState(opts.stateFile, { port, world: state.toPersisted() });
  };

  const server = createServer((req, res) => {
    // Every answer carries the server's own time, as a real origin server's does (RFC 9110
    // §6.6.1); Node would otherwise stamp the real time, not the simulated one.
    res.setHeader('Date', new Date(state.now()).toUTCString());
    res.once('finish', save);
    handle(state, faults, log, req, res).catch((err: unknown) => {
      // The client went away while its request was read (a test's abort or time-out): nothing to answer.
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' && req.destroyed) {
        res.destroy();
        return;
      }
      // A bug in the simulator must be loud in test output, not a hung request.
      console.error('[sim] request failed:', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`simulator error: ${String(err)}`);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? saved?.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  state.baseUrl = base;
  if (opts.demo && !saved) createDemo(state);
  save();

  const requireDownload = (id: string): DownloadRecord => {
    const d = state.download(id);
    if (!d) throw new Error(`simulator: no download ${id}`);
    return d;
  };

  const sim: Simulator = {
    url: base,
    v3: `${base}/v3`,
    v4: `${base}/v4`,
    files: `${base}/files`,
    get dialect(): Dialect {
      return state.dialect;
    },
    set dialect(d: Dialect) {
      state.dialect = d;
    },
    setDialect(d) {
      state.dialect = d;
    },
    setAuthFailure(mode) {
      state.authFailure = mode;
      state.authFailureCount = 0;
    },
    addAccount(o?: AddAccountOptions) {
      return publicAccount(state.addAccount(o));
    },
    expireSessionTokens() {
      state.sessionTokens.clear();
    },
    addDownload(token: string, o: SimDownloadOptions) {
      const account = state.accounts.find((a) => a.token === token);
      if (!account) throw new Error(`simulator: no account with token ${token}`);
      return downloadHandle(state, state.addDownload(account, account.version, o));
    },
    getDownload(id) {
      const d = state.download(id);
      return d ? downloadHandle(state, d) : undefined;
    },
    tick() {
      // State is a pure function of now(); evaluating it here surfaces errors at a known point.
      for (const d of state.downloads.values()) snapshot(d, state.now());
    },
    fail(id, message) {
      const d = requireDownload(id);
      if (!stopEarly(d, state.now(), 'failed', message)) {
        throw new Error(`simulator: download ${id} has already finished`);
      }
    },
    removeDownload(id) {
      state.downloads.delete(requireDownload(id).id);
    },
    expireLinks(id) {
      const d = requireDownload(id);
      d.expiredGeneration = d.signGeneration;
    },
    resignLinks(id) {
      requireDownload(id).resignPending = true;
    },
    inject(fault) {
      faults.inject(fault);
    },
    clearFaults() {
      faults.clear();
    },
    log,
    clearLog() {
      log.length = 0;
    },
    charges: () => chargesReport(state),
    close() {
      save();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return sim;
}
