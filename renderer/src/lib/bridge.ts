// The renderer's only door to the app: window.datafiniti, typed by the contract.
import type { DatafinitiBridge, ErrorInfo } from '../../../preload/contract/index.js';
import { errorInfoFromBridge } from '../../../preload/contract/bridge-error.js';

export function bridge(): DatafinitiBridge {
  return window.datafiniti;
}

/** False when the preload (or the harness's bridge script) did not run. */
export function hasBridge(): boolean {
  return typeof window.datafiniti === 'object' && window.datafiniti !== null;
}

/** What a bridge call rejected with (plain data, see preload/bridge-error.ts), as the views use it. */
export function errorInfo(err: unknown): ErrorInfo {
  return errorInfoFromBridge(err);
}

/** The settings or form field an invalid-input error is about, when the backend says. */
export function errorField(info: ErrorInfo | null): string | null {
  if (!info || info.code !== 'invalid-input' || !info.detail) return null;
  const f = info.detail.field ?? info.detail.path ?? info.detail.key;
  return typeof f === 'string' ? f.split('.')[0] || null : null;
}
