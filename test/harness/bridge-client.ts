/// <reference lib="dom" />
// Part of this file runs inside a browser page (page.evaluate or a served script): DOM types here only.
// window.datafiniti over the harness's WebSocket, built to behave like the Electron preload:
// named methods from METHOD_NAMES only (no generic invoke), errors re-thrown as Error with
// `code`, `retryable` and `detail`, events buffered until the renderer first subscribes, and
// calls made before the socket opens wait for it. Bundled for the browser by the harness server.
import {
  EVENT_NAMES,
  METHOD_NAMES,
  type BridgeEventName,
  type BridgeEvents,
  type CallResult,
  type DatafinitiBridge,
  type ErrorInfo,
} from '../../preload/contract/index.js';

type Listener = (payload: unknown) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

const token =
  new URL((document.currentScript as HTMLScriptElement | null)?.src ?? location.href).searchParams.get(
    'token',
  ) ??
  new URLSearchParams(location.search).get('token') ??
  '';

const pending = new Map<number, Pending>();
const listeners = new Map<BridgeEventName, Set<Listener>>();
const buffered = new Map<BridgeEventName, unknown[]>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | null = null;
let retryMs = 250;

function toError(info: ErrorInfo): Error {
  return Object.assign(new Error(info.message), {
    code: info.code,
    retryable: info.retryable,
    detail: info.detail ?? {},
  });
}

function deliver(event: BridgeEventName, payload: unknown): void {
  const set = listeners.get(event);
  if (!set || set.size === 0) {
    const queue = buffered.get(event) ?? [];
    // A renderer that never subscribes must not make the page grow without bound.
    if (queue.length < 1000) queue.push(payload);
    buffered.set(event, queue);
    return;
  }
  for (const l of [...set]) {
    try {
      l(payload);
    } catch (err) {
      console.error(err);
    }
  }
}

function onMessage(data: unknown): void {
  if (typeof data !== 'string') return;
  let msg: { id?: unknown; result?: CallResult<unknown>; event?: unknown; payload?: unknown };
  try {
    msg = JSON.parse(data) as typeof msg;
  } catch {
    return;
  }
  if (typeof msg.id === 'number' && msg.result) {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.result.ok) p.resolve(msg.result.value);
    else p.reject(toError(msg.result.error));
  } else if (typeof msg.event === 'string' && (EVENT_NAMES as readonly string[]).includes(msg.event)) {
    deliver(msg.event as BridgeEventName, msg.payload);
  }
}

function connect(): void {
  const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.onopen = () => {
    retryMs = 250;
    for (const m of outbox.splice(0)) ws.send(m);
  };
  ws.onmessage = (e) => onMessage(e.data);
  ws.onclose = () => {
    socket = null;
    // Calls in flight are lost with the connection: fail them like a dropped IPC would.
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(toError({ code: 'network', message: 'Lost the connection to the app.', retryable: true }));
    }
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };
}

function call(method: string, args: unknown[]): Promise<unknown> {
  const id = nextId++;
  const message = JSON.stringify({ id, method, args });
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
    else outbox.push(message);
  });
}

const bridge: Record<string, unknown> = {};
for (const name of METHOD_NAMES) {
  const [group, method] = name.split('.') as [string, string];
  const target = (bridge[group] ??= {}) as Record<string, unknown>;
  target[method] = (...args: unknown[]) => {
    // JSON turns a trailing `undefined` into null, which the backend's schemas would refuse.
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    return call(name, args);
  };
}
bridge.on = <E extends BridgeEventName>(
  event: E,
  listener: (payload: BridgeEvents[E]) => void,
): (() => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const set = listeners.get(event) ?? new Set<Listener>();
  listeners.set(event, set);
  set.add(listener as Listener);
  const queued = buffered.get(event);
  if (queued) {
    buffered.delete(event);
    for (const payload of queued) deliver(event, payload);
  }
  return () => {
    set.delete(listener as Listener);
  };
};

for (const group of Object.values(bridge)) if (typeof group === 'object') Object.freeze(group);
Object.defineProperty(window, 'datafiniti', {
  value: Object.freeze(bridge) as unknown as DatafinitiBridge,
  writable: false,
  configurable: false,
});
connect();
