// The ports through which the core touches the outside world. The Electron shell passes
// Electron implementations, Node tests and the harness pass Node ones.
import type { AppNotification } from '../../preload/contract/index.js';

/** `fetch` as in Node and Electron's `net.fetch`. */
export type FetchPort = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export type TimerHandle = unknown;

/** Time and timers, so polling and back-off run on a virtual clock in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Persisted JSON (electron-store in the app, `conf` in Node). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Where it is on disk, for logs and tests; null when in memory. */
  readonly path: string | null;
}

/** The OS keychain. `account` is our account id. */
export interface CredentialVault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export interface NotifyPort {
  notify(notification: AppNotification): void;
}

export interface PathsPort {
  /** The user's Downloads folder. */
  downloads: string;
  /** Where the app keeps its own state (settings, save jobs). */
  userData: string;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
