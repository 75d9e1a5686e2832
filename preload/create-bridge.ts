// The bridge: `window.datafiniti`, built from the contract's METHOD_NAMES. Named methods only,
// never a generic invoke: a compromised renderer can reach exactly the contract and no more.
// Pure over an IpcLike, so the browser harness runs this same code over its WebSocket.
import { EVENT_NAMES, METHOD_NAMES, type BridgeEventName, type CallResult } from './contract/bridge.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from './contract/channels.js';
import { toBridgeError } from './contract/bridge-error.js';

/** Events kept per name while nobody listens, oldest dropped first. */
const EVENT_BUFFER_LIMIT = 100;

type Listener = (payload: unknown) => void;

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

/** The part of `ipcRenderer` the bridge uses (the browser harness passes its own, over a WebSocket). */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcLike): Record<string, unknown> {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    // Failures reject with plain data (a BridgeError), never an Error: see bridge-error.ts.
    let result: unknown;
    try {
      result = await ipc.invoke(CALL_CHANNEL, method, args);
    } catch {
      throw toBridgeError({ code: 'internal', message: 'The app did not answer.', retryable: true });
    }
    if (!isCallResult(result)) {
      throw toBridgeError({
        code: 'internal',
        message: 'The app sent a malformed answer.',
        retryable: false,
      });
    }
    if (!result.ok) throw toBridgeError(result.error);
    return result.value;
  };

  const bridge: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const name of METHOD_NAMES) {
    const [group, method] = name.split('.') as [string, string];
    bridge[group] ??= {};
    bridge[group][method] = (...args: unknown[]) => call(name, args);
  }

  const known = new Set<string>(EVENT_NAMES);
  const listeners = new Map<string, Set<Listener>>();
  const buffered = new Map<string, unknown[]>();

  const deliver = (listener: Listener, payload: unknown): void => {
    try {
      listener(payload);
    } catch (err) {
      console.error('datafiniti: an event listener threw', err);
    }
  };

  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (typeof name !== 'string' || !known.has(name)) return;
    const current = listeners.get(name);
    if (current && current.size > 0) {
      for (const l of [...current]) deliver(l, payload);
      return;
    }
    const queue = buffered.get(name) ?? [];
    queue.push(payload);
    if (queue.length > EVENT_BUFFER_LIMIT) queue.splice(0, queue.length - EVENT_BUFFER_LIMIT);
    buffered.set(name, queue);
  });

  const on = (event: BridgeEventName, listener: Listener): (() => void) => {
    if (typeof event !== 'string' || !known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('The listener must be a function.');
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    const backlog = buffered.get(event);
    if (backlog) {
      // Delivered after `on` returns, so the caller holds its unsubscribe function first;
      // a microtask still runs before any later event from main.
      buffered.delete(event);
      queueMicrotask(() => {
        if (set.has(listener)) for (const payload of backlog) deliver(listener, payload);
        else buffered.set(event, [...backlog, ...(buffered.get(event) ?? [])].slice(-EVENT_BUFFER_LIMIT));
      });
    }
    return () => {
      set.delete(listener);
    };
  };

  return Object.freeze({ ...bridge, on });
}
