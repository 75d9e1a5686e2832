// Serves the built renderer to a real browser and bridges window.datafiniti to a Backend over a
// WebSocket, so e2e tests and `npm run preview` run the real UI against the real core in Node.
// Bound to 127.0.0.1 only; the page, the bridge script and the socket all need a random
// per-run token, and the socket also needs our own Origin, so no other local page can drive it.
import { CONTENT_SECURITY_POLICY_HEADER } from '../../main/shell/security/csp.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Backend } from '../../main/core/backend/types.js';

export interface HarnessServerOptions {
  backend: Backend;
  /** The built renderer, usually `out/renderer`. */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
}

export interface HarnessServer {
  /** The page to open, token included. */
  url: string;
  /** `http://127.0.0.1:<port>`, the only Origin the socket accepts. */
  origin: string;
  token: string;
  /** How many bridge clients are connected. */
  clients(): number;
  close(): Promise<void>;
}

/** Largest call message accepted, in bytes; calls are small (ids, settings, credentials). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

let bridgeBundle: Promise<string> | null = null;

/** The bridge client as one classic browser script, bundled once per process. */
export function bundleBridgeClient(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [fileURLToPath(new URL('./bridge-client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bridgeBundle;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  const { backend } = options;
  const root = resolve(options.rendererDir);
  const token = options.token ?? randomBytes(32).toString('hex');
  const indexHtml = await readFile(join(root, 'index.html'), 'utf8');
  // The policy the Electron shell sends, so the harness tests the renderer under the same rules.
  const csp = CONTENT_SECURITY_POLICY_HEADER;
  const bridgeJs = await bundleBridgeClient();
  // The bridge must define window.datafiniti before the app's module script runs.
  const bridgeTag = `<script src="/harness-bridge.js?token=${token}"></script>`;
  const firstScript = indexHtml.search(/<script\b/i);
  const servedIndex =
    firstScript >= 0
      ? indexHtml.slice(0, firstScript) + bridgeTag + '\n    ' + indexHtml.slice(firstScript)
      : indexHtml.replace('</head>', `${bridgeTag}</head>`);

  let origin = '';
  let hosts = new Set<string>();

  function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A DNS-rebinding page would arrive with a foreign Host.
    if (!hosts.has(req.headers.host ?? '')) return send(res, 421, 'Misdirected request', 'text/plain');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', 'text/plain');
    let url: URL;
    let path: string;
    try {
      url = new URL(req.url ?? '/', origin);
      path = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'Bad request', 'text/plain');
    }
    if (path === '/' || path === '/index.html') {
      if (!sameToken(url.searchParams.get('token'), token))
        return send(res, 401, 'Token required', 'text/plain');
      return send(res, 200, servedIndex, CONTENT_TYPES['.html'] as string);
    }
    if (path === '/harness-bridge.js') {
      if (!sameToken(url.searchParams.get('token'), token))
        return send(res, 401, 'Token required', 'text/plain');
      return send(res, 200, bridgeJs, CONTENT_TYPES['.js'] as string);
    }
    const file = resolve(root, '.' + path);
    if (path.includes('\0') || !file.startsWith(root + sep) || /[\\/]\./.test(file.slice(root.length))) {
      return send(res, 404, 'Not found', 'text/plain');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    try {
      if (!type || !(await stat(file)).isFile()) return send(res, 404, 'Not found', 'text/plain');
      return send(res, 200, await readFile(file), type);
    } catch {
      return send(res, 404, 'Not found', 'text/plain');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    let ok = false;
    try {
      const url = new URL(req.url ?? '/', origin);
      ok =
        url.pathname === '/bridge' &&
        sameToken(url.searchParams.get('token'), token) &&
        req.headers.origin === origin &&
        hosts.has(req.headers.host ?? '');
    } catch {
      ok = false;
    }
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      void answer(ws, data.toString());
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const { id, method, args } = msg as { id?: unknown; method?: unknown; args?: unknown };
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return;
    const result =
      typeof method === 'string'
        ? await backend.call(method, args ?? [])
        : {
            ok: false as const,
            error: { code: 'invalid-input' as const, message: 'No method.', retryable: false },
          };
    // Main's answer crosses IPC by structured clone; what cannot be cloned fails the call, as
    // `event._replyChannel.sendReply` would (lib/browser/ipc-dispatch.ts).
    let reply: string;
    try {
      reply = JSON.stringify({ id, result: structuredClone(result) });
    } catch (err) {
      reply = JSON.stringify({ id, error: String(err) });
    }
    if (ws.readyState === ws.OPEN) ws.send(reply);
  }

  const unsubscribe = backend.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hosts = new Set([`127.0.0.1:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    clients: () => wss.clients.size,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
