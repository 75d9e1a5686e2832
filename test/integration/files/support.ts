// Shared pieces of the saver's integration tests: the simulator, temp folder and saver set-up
// every file uses, a file-backed store, and turning a simulator download into the app's
// `Download` (as the API client would).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, SaveJob } from '../../../preload/contract/index.js';
import {
  createSaver,
  STORE_KEY,
  type Saver,
  type SaveEvent,
  type SaverDeps,
} from '../../../main/core/files/index.js';
import type { PersistedJob } from '../../../main/core/files/save-job.js';
import type { FetchPort, KeyValueStore } from '../../../main/core/ports.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  startSimulator,
  type SimAccount,
  type SimDownload,
  type SimDownloadOptions,
  type SimFile,
  type Simulator,
} from '../../sim/index.js';
import { spawnTsxChild } from '../../support/tsx-child.js';

/** A minimal JSON-file KeyValueStore: every set rewrites the file atomically, like conf does. */
export class JsonFileStore implements KeyValueStore {
  private data: Record<string, unknown>;

  constructor(readonly path: string) {
    this.data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.data[key] = JSON.parse(JSON.stringify(value)) as unknown;
    this.flush();
  }

  delete(key: string): void {
    delete this.data[key];
    this.flush();
  }

  private flush(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.path);
  }
}

export function tempDir(prefix = 'dfd-save-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A download that finished ten minutes ago, so its files are all published. */
export function addCompletedDownload(
  sim: Simulator,
  account: SimAccount,
  opts: SimDownloadOptions,
): SimDownload {
  return sim.addDownload(account.token, {
    queuedMs: 0,
    durationMs: 1000,
    startedAt: Date.now() - 10 * 60_000,
    ...opts,
  });
}

/** The app's view of a simulator download (what the API client would produce). */
export function toDownload(sim: Simulator, d: SimDownload, opts: { format?: 'csv' | 'json' } = {}): Download {
  const files = d.files();
  return {
    key: `acct:${d.version}:${d.id}`,
    accountId: 'acct',
    version: d.version,
    id: d.id,
    status: 'completed',
    rawStatus: 'completed',
    dataType: 'businesses',
    format: opts.format ?? (files[0]?.name.endsWith('.txt') ? 'json' : 'csv'),
    query: 'country:US',
    view: null,
    numRecords: d.numRecords,
    numDownloaded: d.numDownloaded(),
    numFound: d.numRecords,
    progress: 1,
    cost: null,
    startedAt: null,
    updatedAt: null,
    completedAt: null,
    files: files.map((f) => ({ url: f.url, name: f.name, expiresAt: null })),
    error: null,
  };
}

/** `refreshDownload` as the backend wires it: GET the download from the API again. */
export function apiRefresher(sim: Simulator, account: SimAccount) {
  const calls: Download[] = [];
  const refresh = async (download: Download): Promise<Download> => {
    calls.push(download);
    const res = await fetch(`${sim.v4}/downloads/${download.id}`, {
      headers: { authorization: `Bearer ${account.token}` },
    });
    if (!res.ok) throw new Error(`refresh failed: ${res.status}`);
    const urls: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith(sim.files)) urls.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(await res.json());
    return {
      ...download,
      files: urls.map((url) => ({ url, name: path.basename(new URL(url).pathname), expiresAt: null })),
    };
  };
  return { refresh, calls };
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** SHA-256 of a fresh, independent download of `url` (no saver involved). */
export async function sha256Url(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return createHash('sha256')
    .update(Buffer.from(await res.arrayBuffer()))
    .digest('hex');
}

/** Real fetch with the request headers edited on the way out, as a proxy or CDN would. */
export function editingFetch(edit: (headers: Headers, url: string) => void): FetchPort {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    edit(headers, String(input));
    return fetch(input, { ...init, headers });
  };
}

/**
 * Real fetch whose response bodies arrive at most `bytesPerSecond` fast, so a test can act in
 * the middle of a transfer without the transfer being faked.
 */
export function pacedFetch(bytesPerSecond: number): FetchPort {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const signal = init?.signal ?? undefined;
    const paced = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          for (let off = 0; off < chunk.byteLength; off += 16384) {
            if (signal?.aborted) throw signal.reason;
            const piece = chunk.subarray(off, off + 16384);
            await new Promise((r) => setTimeout(r, (piece.byteLength / bytesPerSecond) * 1000));
            controller.enqueue(piece);
          }
        },
      }),
    );
    return new Response(paced, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

export function fileRequests(sim: Simulator) {
  return sim.log.filter((e) => e.path.startsWith('/files/'));
}

/** Retry waits short enough for a test to go through several retries in milliseconds. */
export const FAST_RETRY = { backoffBaseMs: 20, maxBackoffMs: 100 };

/** A saver a test started, with what it reported. */
export interface SaverUnderTest {
  saver: Saver;
  /** Every job update, in order. */
  jobs: SaveJob[];
  events: SaveEvent[];
  /** The API refresh it was given (unless the test gave its own), with the calls it got. */
  refresher: ReturnType<typeof apiRefresher>;
}

/** What `useSimWorld` hands a saver test file. Read its fields inside tests only. */
export interface SaverWorld {
  readonly sim: Simulator;
  readonly account: SimAccount;
  /** This test's own temp folder: made before the test, removed after it. */
  readonly dir: string;
  /** This test's store file: a saver started again on it is the app after a restart. */
  readonly storePath: string;
  /**
   * A saver as the backend wires it, on this test's store, refreshing links from the API;
   * `deps` replace the file's defaults.
   */
  startSaver(deps?: Partial<SaverDeps>): SaverUnderTest;
  /** Runs `undo` after this test, before its folder is removed (an unmount inside it). */
  onCleanup(undo: () => void): void;
}

/**
 * The set-up each saver test file shares: one simulator and one v4 account per file (its
 * faults and request log cleared after every test) and a temp folder per test. `defaults` are
 * the file's saver dependencies; without a `fetch`, savers use the net.fetch stand-in.
 */
export function useSimWorld(
  seed: number,
  defaults: Partial<SaverDeps> & { tempPrefix?: string } = {},
): SaverWorld {
  const { tempPrefix, ...saverDefaults } = defaults;
  let sim: Simulator | undefined;
  let account: SimAccount | undefined;
  let tmp: ReturnType<typeof tempDir> | undefined;
  const cleanups: (() => void)[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useSimWorld: ${what} is only there inside a test`);
    return value;
  };
  const world: SaverWorld = {
    get sim() {
      return ready(sim, 'the simulator');
    },
    get account() {
      return ready(account, 'the account');
    },
    get dir() {
      return ready(tmp, 'the temp folder').dir;
    },
    get storePath() {
      return path.join(world.dir, 'store.json');
    },
    startSaver(deps = {}) {
      const jobs: SaveJob[] = [];
      const events: SaveEvent[] = [];
      const refresher = apiRefresher(world.sim, world.account);
      const saver = createSaver({
        fetch: electronNetFetch,
        store: new JsonFileStore(world.storePath),
        refreshDownload: refresher.refresh,
        onJob: (job) => jobs.push(job),
        onEvent: (event) => events.push(event),
        ...saverDefaults,
        ...deps,
      });
      return { saver, jobs, events, refresher };
    },
    onCleanup(undo) {
      cleanups.push(undo);
    },
  };
  beforeAll(async () => {
    sim = await startSimulator({ seed });
    account = sim.addAccount({ version: 'v4' });
  });
  afterAll(() => sim?.close());
  beforeEach(() => {
    tmp = tempDir(tempPrefix);
  });
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
    tmp?.cleanup();
    tmp = undefined;
    sim?.clearFaults();
    sim?.clearLog();
  });
  return world;
}

/**
 * Writes into the world's store one job that was saving `d`'s first file when the app died, as
 * the next start finds it, makes the job's folder and clears the request log.
 */
export function storeInterruptedJob(
  world: SaverWorld,
  d: SimDownload,
  fields: { etag: string | null; size: number | null },
): { folder: string; file: SimFile } {
  const folder = path.join(world.dir, 'saved');
  mkdirSync(folder, { recursive: true });
  const download = toDownload(world.sim, d);
  const file = d.files()[0]!;
  const job: PersistedJob = {
    schema: 1,
    jobId: 'job-1',
    downloadKey: download.key,
    download,
    folder,
    accountLabel: null,
    parallelFiles: 3,
    state: 'running',
    error: null,
    files: [
      {
        sourceName: file.name,
        url: file.url,
        expiresAt: null,
        name: file.name,
        etag: fields.etag,
        size: fields.size,
        done: false,
        sha256: null,
        records: null,
      },
    ],
    manifestName: 'manifest.json',
    manifest: null,
    createdAt: Date.now(),
    finishedAt: null,
  };
  new JsonFileStore(world.storePath).set(STORE_KEY, { [job.jobId]: job });
  world.sim.clearLog();
  return { folder, file };
}

/** Bytes `start` to `end` (exclusive) of the file at `url`, fetched apart from any saver. */
export async function fileBytes(url: string, start: number, end: number): Promise<Buffer> {
  const res = await fetch(url, { headers: { range: `bytes=${start}-${end - 1}` } });
  return Buffer.from(await res.arrayBuffer());
}

/** What save-child.ts is started with. */
export interface SaveChildInput {
  download: Download;
  folder: string;
  storePath: string;
  bytesPerSecond: number;
}

/**
 * A completed download of `opts`, and the input that has save-child.ts save it into `saved/`
 * on the world's store, `bytesPerSecond` fast.
 */
export function childSaveOf(world: SaverWorld, opts: SimDownloadOptions, bytesPerSecond: number) {
  const d = addCompletedDownload(world.sim, world.account, opts);
  const download = toDownload(world.sim, d);
  const folder = path.join(world.dir, 'saved');
  const input: SaveChildInput = { download, folder, storePath: world.storePath, bytesPerSecond };
  return { d, download, folder, input };
}

/** Starts save-child.ts with `input` in a process group of its own, collecting what it prints. */
export function spawnSaveChild(input: SaveChildInput) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return spawnTsxChild(path.join(here, 'save-child.ts'), { SAVE_CHILD_INPUT: JSON.stringify(input) });
}
