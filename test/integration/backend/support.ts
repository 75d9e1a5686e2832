// The set-up the backend's integration tests share: the real core through the contract, as a
// transport would call it, against the simulator on a virtual clock (or the real one), with its
// data and Downloads folders in a temp folder of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Backend } from '../../../main/core/backend/types.js';
import type { CredentialVault } from '../../../main/core/ports.js';
import type { BridgeEventName, CallResult, ErrorInfo } from '../../../preload/contract/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { createNodePorts, type NodePorts } from '../../harness/node-ports.js';
import { VirtualClock } from '../../support/virtual-clock.js';

/** What `useBackendWorld` hands a test file, new for every test. Read it inside tests only. */
export interface BackendWorld {
  readonly sim: Simulator;
  /** The virtual clock everything runs on; a world on the real clock (`clock: 'real'`) has none. */
  readonly clock: VirtualClock;
  /** The test's temp folder: the app's data in `data`, its Downloads folder in `Downloads`. */
  readonly dir: string;
  readonly node: NodePorts;
  readonly backend: Backend;
  /** Every event the backend sent the window during this test, in order. */
  readonly events: { event: BridgeEventName; payload: unknown }[];
  /** The payloads of this test's `event` events, in order (typed by the caller, as sent). */
  eventsOf: <T>(event: BridgeEventName) => T[];
  /** Calls a contract method and returns its value; an error answer throws, with its fields. */
  call: <T>(method: string, ...args: unknown[]) => Promise<T>;
  /** Calls a contract method that must answer with an error, and returns that error. */
  callError: (method: string, ...args: unknown[]) => Promise<ErrorInfo>;
  /**
   * Quits the backend and starts a new one on the same data, Downloads folder and keychain, as
   * the app's next launch would; `whileClosed` runs in between. `events` then holds the new
   * backend's events only.
   */
  restart: (whileClosed?: () => Promise<void>) => Promise<void>;
}

export interface BackendWorldOptions {
  /** Names the temp folder, so a folder left behind says which test file made it. */
  tempPrefix: string;
  /** The simulator's seed; its own default when left out. */
  seed?: number;
  /** 'real' runs the simulator and the backend on the system clock instead of a virtual one. */
  clock?: 'virtual' | 'real';
  /** The vault for each test's backend (e.g. the real keychain); an in-memory one when left out. */
  vault?: () => CredentialVault;
}

interface Running {
  sim: Simulator;
  clock: VirtualClock | undefined;
  dir: string;
  node: NodePorts;
  backend: Backend;
  events: { event: BridgeEventName; payload: unknown }[];
}

/** A new backend on the running world's simulator, clock, folders and vault, not yet started. */
function launch(world: Omit<Running, 'node' | 'backend' | 'events'>, vault?: CredentialVault): Running {
  const { sim, clock, dir } = world;
  const node = createNodePorts({
    dataDir: path.join(dir, 'data'),
    downloadsDir: path.join(dir, 'Downloads'),
    ...(clock ? { clock } : {}),
    ...(vault ? { vault } : {}),
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
  const backend = createBackend({ ...node.ports, random: () => 0.5 });
  const events: Running['events'] = [];
  backend.subscribe((event, payload) => events.push({ event, payload }));
  return { sim, clock, dir, node, backend, events };
}

/**
 * Starts a simulator, a started backend and a temp folder before each test of the file, and
 * disposes of all three after it.
 */
export function useBackendWorld(opts: BackendWorldOptions): BackendWorld {
  let running: Running | undefined;
  const now = (): Running => {
    if (!running) throw new Error('useBackendWorld: the backend is only there inside a test');
    return running;
  };
  const world: BackendWorld = {
    get sim() {
      return now().sim;
    },
    get clock() {
      const { clock } = now();
      if (!clock) throw new Error("useBackendWorld: this world runs on the real clock (clock: 'real')");
      return clock;
    },
    get dir() {
      return now().dir;
    },
    get node() {
      return now().node;
    },
    get backend() {
      return now().backend;
    },
    get events() {
      return now().events;
    },
    eventsOf: <T>(event: BridgeEventName): T[] =>
      now()
        .events.filter((e) => e.event === event)
        .map((e) => e.payload as T),
    call: async <T>(method: string, ...args: unknown[]): Promise<T> => {
      const result = (await now().backend.call(method, args)) as CallResult<T>;
      if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
      return result.value;
    },
    callError: async (method: string, ...args: unknown[]): Promise<ErrorInfo> => {
      const result = await now().backend.call(method, args);
      expect(result.ok).toBe(false);
      return (result as Extract<CallResult<unknown>, { ok: false }>).error;
    },
    restart: async (whileClosed) => {
      const closed = now();
      await closed.backend.dispose();
      await whileClosed?.();
      running = launch(closed, closed.node.ports.vault);
      await running.backend.start();
    },
  };
  beforeEach(async () => {
    const clock = opts.clock === 'real' ? undefined : new VirtualClock();
    const sim = await startSimulator({
      ...(clock ? { now: clock.now } : {}),
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    });
    const dir = mkdtempSync(path.join(tmpdir(), opts.tempPrefix));
    running = launch({ sim, clock, dir }, opts.vault?.());
    await running.backend.start();
  });
  afterEach(async () => {
    const ended = running;
    running = undefined;
    if (!ended) return;
    await ended.backend.dispose();
    await ended.sim.close();
    rmSync(ended.dir, { recursive: true, force: true });
  });
  return world;
}
