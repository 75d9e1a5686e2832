// What crosses Electron's context bridge and its IPC, for stand-ins that must behave the same.
//
// Context bridge (docs/api/context-bridge.md, "Parameter / Error / Return Type support", and
// PassValueToOtherContextInner in shell/renderer/api/electron_api_context_bridge.cc):
// - values are copied, never shared; plain objects and arrays are walked key by key, and a custom
//   class arrives as a plain object ("copy values but not the prototype");
// - an Error arrives as a new Error with only its message ("any custom properties on the Error
//   object will be lost", electron issue 25596);
// - functions and promises are proxied: calling the copy calls the original, with its arguments
//   copied the other way and its result (or rejection) copied back;
// - symbols are dropped; everything else goes through the structured clone algorithm.
//
// IPC (docs/api/ipc-renderer.md, `ipcRenderer.invoke`; docs/api/ipc-main.md, `ipcMain.handle`):
// - arguments and results are serialized with the structured clone algorithm; functions,
//   promises, symbols, WeakMaps and WeakSets throw ("could not be cloned");
// - "Errors thrown through handle in the main process are not transparent as they are serialized
//   and only the message property from the original error is provided to the renderer process".

type AnyFunction = (...args: unknown[]) => unknown;

/** The built-in type of a value, also for values from another realm (the preload's own world). */
function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function copyAcrossContextBridge(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  const cached = seen.get(value);
  if (cached !== undefined) return cached;
  if (typeof value === 'function') {
    const original = value as AnyFunction;
    const proxy = (...args: unknown[]): unknown =>
      copyAcrossContextBridge(original(...args.map((a) => copyAcrossContextBridge(a))));
    seen.set(value, proxy);
    return proxy;
  }
  if (tagOf(value) === 'Error') return new Error(String((value as { message?: unknown }).message));
  if (tagOf(value) === 'Promise') {
    return (value as Promise<unknown>).then(
      (resolved: unknown) => copyAcrossContextBridge(resolved),
      (rejected: unknown) => Promise.reject(copyAcrossContextBridge(rejected)),
    );
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copyAcrossContextBridge(item, seen));
    return out;
  }
  if (isPlainObject(value) || tagOf(value) === 'Object') {
    // A plain object, or a class instance whose prototype is dropped: own enumerable keys only.
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) {
      const copied = copyAcrossContextBridge(v, seen);
      if (typeof v !== 'symbol') out[k] = copied;
    }
    return out;
  }
  return structuredClone(value);
}

/** An IPC message's payload as the other process receives it; throws where Electron's serializer throws. */
export function copyOverIpc<T>(value: T): T {
  return structuredClone(value);
}

/** A rejection from an `ipcMain.handle` handler, as `ipcRenderer.invoke` rejects in the renderer. */
export function handlerErrorOverIpc(channel: string, err: unknown): Error {
  // Main replies with `error.toString()` (lib/browser/ipc-dispatch.ts) and the renderer throws
  // `new Error(\`Error invoking remote method '${channel}': ${error}\`)` (lib/renderer/api/ipc-renderer.ts).
  return new Error(`Error invoking remote method '${channel}': ${String(err)}`);
}

function deepFreeze(value: unknown, seen = new Set<object>()): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
  if (ArrayBuffer.isView(value)) return;
  seen.add(value);
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
}

/**
 * What `contextBridge.exposeInMainWorld(key, api)` puts on the page's `window[key]`: a copy of the
 * API, deep-frozen, on a read-only key (ExposeAPIInWorld in electron_api_context_bridge.cc).
 */
export function exposeInWorld(target: object, key: string, api: unknown): void {
  const copy = copyAcrossContextBridge(api);
  deepFreeze(copy);
  Object.defineProperty(target, key, { value: copy, writable: false, configurable: false, enumerable: true });
}
