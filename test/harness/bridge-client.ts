/// <reference lib="dom" />
// Part of this file runs inside a browser page: DOM types here only.
// window.datafiniti in the browser harness: the preload's own bridge (preload/create-bridge.ts)
// over an `ipcRenderer` stand-in that talks to the harness server through a WebSocket, exposed
// the way Electron's contextBridge exposes it. So the page sees what the real renderer sees:
// - arguments are structured-cloned as `ipcRenderer.invoke` does (a function throws "could not
//   be cloned"), then sent as JSON;
// - the API, its results and its rejections are copied as the context bridge copies them (an
//   Error keeps only its message, a class loses its prototype; test/support/context-bridge-copy.ts);
// - a call whose transport fails rejects as `ipcRenderer.invoke` would, and the bridge turns it
//   into the same plain-data error the preload sends.
// Bundled for the browser by the harness server.
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../preload/contract/channels.js';
import { createBridge, type IpcLike } from '../../preload/create-bridge.js';
import { copyOverIpc, exposeInWorld, handlerErrorOverIpc } from '../support/context-bridge-copy.js';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

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
const ipcListeners = new Map<string, IpcListener[]>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | null = null;
let retryMs = 250;

function onMessage(data: unknown): void {
  if (typeof data !== 'string') return;
  let msg: { id?: unknown; result?: unknown; error?: unknown; event?: unknown; payload?: unknown };
  try {
    msg = JSON.parse(data) as typeof msg;
  } catch {
    return;
  }
  if (typeof msg.id === 'number') {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (typeof msg.error === 'string') p.reject(handlerErrorOverIpc(CALL_CHANNEL, msg.error));
    else p.resolve(msg.result);
  } else if (typeof msg.event === 'string') {
    for (const l of ipcListeners.get(EVENT_CHANNEL) ?? []) l({}, msg.event, msg.payload);
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
    // Calls in flight are lost with the connection, as with a renderer whose main process went away.
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(handlerErrorOverIpc(CALL_CHANNEL, new Error('Lost the connection to the app.')));
    }
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };
}

const ipc: IpcLike = {
  invoke(channel: string, ...rest: unknown[]): Promise<unknown> {
    if (channel !== CALL_CHANNEL) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    const [method, args] = copyOverIpc(rest) as [unknown, unknown[]];
    // JSON (the harness's wire, not IPC's) turns a trailing `undefined` into null, which the
    // backend's schemas would refuse; IPC would have kept it as `undefined`.
    const list = Array.isArray(args) ? [...args] : [];
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
    const id = nextId++;
    const message = JSON.stringify({ id, method, args: list });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
      else outbox.push(message);
    });
  },
  on(channel: string, listener: IpcListener): unknown {
    ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]);
    return ipc;
  },
};

exposeInWorld(window, 'datafiniti', createBridge(ipc));
connect();
