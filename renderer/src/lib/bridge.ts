// The renderer's only door to the app: window.datafiniti, typed by the contract.
import type { DatafinitiBridge, ErrorInfo, ErrorKind } from '../../../preload/contract/index.js';
// Values from single contract files: the index also carries the zod schemas.
import { ERROR_KINDS } from '../../../preload/contract/errors.js';

export function bridge(): DatafinitiBridge {
  return window.datafiniti;
}

/** False when the preload (or the harness's bridge script) did not run. */
export function hasBridge(): boolean {
  return typeof window.datafiniti === 'object' && window.datafiniti !== null;
}

/** What the bridge threw, as the ErrorInfo the backend sent (the bridge puts its fields on the Error). */
export function errorInfo(err: unknown): ErrorInfo {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; retryable?: unknown; detail?: unknown };
  const code = (ERROR_KINDS as readonly string[]).includes(e.code as string)
    ? (e.code as ErrorKind)
    : 'internal';
  const message = typeof e.message === 'string' && e.message ? e.message : 'Something went wrong.';
  const detail =
    e.detail && typeof e.detail === 'object'
      ? (e.detail as Record<string, string | number | boolean | null>)
      : undefined;
  return { code, message, retryable: e.retryable === true, ...(detail ? { detail } : {}) };
}

/** The settings or form field an invalid-input error is about, when the backend says. */
export function errorField(info: ErrorInfo | null): string | null {
  if (!info || info.code !== 'invalid-input' || !info.detail) return null;
  const f = info.detail.field ?? info.detail.path ?? info.detail.key;
  return typeof f === 'string' ? f.split('.')[0] || null : null;
}
