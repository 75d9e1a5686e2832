// How a failed call crosses from the preload to the page: as plain data, never as an Error.
// Electron's context bridge copies an Error as a new Error with only its message ("any custom
// properties on the Error object will be lost", docs/api/context-bridge.md; in
// shell/renderer/api/electron_api_context_bridge.cc an IsNativeError() value is rebuilt from its
// `message`), while a plain object of plain values is copied whole, also as a promise's rejection.
import { ERROR_KINDS, type ErrorInfo, type ErrorKind } from './errors.js';

type DetailValue = string | number | boolean | null;

/** What a rejected `window.datafiniti` call rejects with. */
export interface BridgeError {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  /** The settings or form field the error is about, when there is one. */
  field?: string;
  detail?: Record<string, DetailValue>;
}

function fieldOf(detail: ErrorInfo['detail']): string | undefined {
  const f = detail?.['field'] ?? detail?.['path'] ?? detail?.['key'];
  return typeof f === 'string' && f ? f : undefined;
}

/** The plain object the preload rejects with. */
export function toBridgeError(info: ErrorInfo): BridgeError {
  const field = fieldOf(info.detail);
  return {
    kind: info.code,
    message: info.message,
    retryable: info.retryable,
    ...(field !== undefined ? { field } : {}),
    ...(info.detail ? { detail: { ...info.detail } } : {}),
  };
}

function plainDetail(value: unknown): Record<string, DetailValue> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, DetailValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/**
 * What the page caught, as the ErrorInfo its views use. Anything that is not a BridgeError (an
 * Error the bridge stripped, a bug in the page itself) reads as `internal` with its message.
 */
export function errorInfoFromBridge(caught: unknown): ErrorInfo {
  const e = (typeof caught === 'object' && caught !== null ? caught : {}) as Record<string, unknown>;
  const kind = e['kind'];
  const code: ErrorKind = (ERROR_KINDS as readonly string[]).includes(kind as string)
    ? (kind as ErrorKind)
    : 'internal';
  const message =
    typeof e['message'] === 'string' && e['message']
      ? e['message']
      : typeof caught === 'string' && caught
        ? caught
        : 'Something went wrong.';
  let detail = plainDetail(e['detail']);
  if (typeof e['field'] === 'string' && detail?.['field'] === undefined) {
    detail = { ...detail, field: e['field'] };
  }
  return { code, message, retryable: e['retryable'] === true, ...(detail ? { detail } : {}) };
}
