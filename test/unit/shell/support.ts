// For the shell's tests: the Electron stand-in they mock `electron` with, and a Backend double
// (every method is a spy, events are emitted by hand) that checks what the shell asks of the
// backend; the one fake backend with behaviour (the contract's schemas, snapshots, saves) is
// test/harness/fake-backend.ts.
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { vi } from 'vitest';
import type { Backend, BackendListener, ShellView } from '../../../main/core/backend/types.js';
import type { BridgeEventName, BridgeEvents, Download, Settings } from '../../../preload/contract/index.js';
import type { Logger } from '../../../main/core/ports.js';
import {
  createElectronStandIn,
  type ElectronStandIn,
  type StandInOptions,
  type StandInPlatform,
} from '../../support/electron-stand-in.js';

let current: ElectronStandIn | null = null;

/**
 * A new Electron stand-in (test/support/electron-stand-in.ts) that `electronModule` answers with
 * from now on: call it per test. The platform is this machine's unless the test names one; paths
 * point at folders that do not exist, so a test that writes there without saying so fails.
 */
export function newElectron(options: Partial<StandInOptions> = {}): ElectronStandIn {
  current = createElectronStandIn({
    platform: process.platform as StandInPlatform,
    root: '/nonexistent-root',
    appPath: '/nonexistent-app',
    ...options,
  });
  return current;
}

/** The stand-in the last newElectron() made (one is made on first use). */
export function electron(): ElectronStandIn {
  return current ?? newElectron();
}

/**
 * The `electron` module for `vi.mock('electron', ...)`: every name read from the current stand-in
 * when the shell reads it, as named imports are read at each use. `default` is the module itself,
 * as `import electron from 'electron'` gives in Node.
 */
export const electronModule: Record<string, unknown> = new Proxy(
  {},
  {
    get: (_t, prop) => (prop === 'default' ? electron().module : Reflect.get(electron().module, prop)),
    has: (_t, prop) => prop === 'default' || prop in electron().module,
  },
);

/**
 * Runs `body` as on `platform`: process.platform (which the shell reads) and a new stand-in
 * behaving as that platform's Electron.
 */
export function onPlatform<T>(platform: StandInPlatform, body: (e: ElectronStandIn) => T): T {
  const real = process.platform;
  Object.defineProperty(process, 'platform', { value: platform });
  try {
    return body(newElectron({ platform }));
  } finally {
    Object.defineProperty(process, 'platform', { value: real });
  }
}

export const SETTINGS: Settings = { ...DEFAULT_SETTINGS, pollFastSeconds: 15, parallelFiles: 2 };

export function download(overrides: Partial<Download> = {}): Download {
  const id = overrides.id ?? 'd1';
  return {
    key: `acc1:v4:${id}`,
    accountId: 'acc1',
    version: 'v4',
    id,
    status: 'running',
    rawStatus: 'running',
    dataType: 'products',
    format: 'csv',
    query: 'brand:Apple',
    view: null,
    numRecords: 1000,
    numDownloaded: 250,
    numFound: 1000,
    progress: 0.25,
    cost: null,
    startedAt: '2026-01-05T08:00:00Z',
    updatedAt: '2026-01-05T08:30:00Z',
    completedAt: null,
    files: [],
    error: null,
    ...overrides,
  };
}

export function shellView(overrides: Partial<ShellView> = {}): ShellView {
  return {
    downloads: [],
    status: {
      online: true,
      keychain: { available: true, message: null },
      accounts: [
        {
          accountId: 'acc1',
          polling: true,
          state: 'ok',
          lastPollAt: null,
          nextPollAt: null,
          retryAt: null,
          lastError: null,
        },
      ],
      notificationsPaused: false,
      savesRunning: 0,
      away: null,
    },
    settings: SETTINGS,
    saves: [],
    ...overrides,
  };
}

export function createSpyBackend(view: ShellView = shellView()) {
  const listeners = new Set<BackendListener>();
  const state = { view };
  const backend = {
    api: {
      accounts: {
        list: vi.fn(),
        add: vi.fn(),
        remove: vi.fn(),
        verify: vi.fn(),
        reauthenticate: vi.fn(),
        rename: vi.fn(),
        credits: vi.fn(async () => []),
      },
      downloads: {
        snapshot: vi.fn(),
        page: vi.fn(),
        refresh: vi.fn(async () => {}),
        cancel: vi.fn(),
        preview: vi.fn(),
        start: vi.fn(),
        estimate: vi.fn(),
        exportList: vi.fn(),
        watch: vi.fn(async () => {}),
      },
      files: {
        save: vi.fn(async () => ({}) as never),
        cancelSave: vi.fn(),
        jobs: vi.fn(),
        reveal: vi.fn(),
        open: vi.fn(),
        chooseFolder: vi.fn(),
        saveMany: vi.fn(),
        saveAllCompleted: vi.fn(),
        preview: vi.fn(),
      },
      settings: { get: vi.fn(), update: vi.fn(async () => SETTINGS) },
      app: {
        status: vi.fn(),
        focused: vi.fn(async () => {}),
        openExternal: vi.fn(),
        about: vi.fn(),
        openLogsFolder: vi.fn(async () => {}),
        dismissAway: vi.fn(async () => {}),
      },
    },
    call: vi.fn(async (method: string) => ({ ok: true as const, value: `result of ${method}` })),
    subscribe: vi.fn((listener: BackendListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    view: vi.fn(() => state.view),
    signals: { online: vi.fn(), sleep: vi.fn(), wake: vi.fn() },
    navigate: vi.fn(),
    saveAllCompleted: vi.fn(async () => ({ queued: [], skipped: [] })),
    start: vi.fn(async () => {}),
    dispose: vi.fn(async () => {}),
  } satisfies Backend;
  return {
    backend,
    state,
    emit<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) {
      for (const l of listeners) l(event, payload);
    },
  };
}

export function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines };
}
