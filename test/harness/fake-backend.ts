// An in-memory Backend with realistic fixture data, for building and screenshotting the
// renderer before the real core exists, for the render benchmark, and for view tests that must
// not depend on polling timing. It speaks exactly the contract: snapshot + versioned patches,
// save jobs with progress, status with banners' states. It is NOT the product's logic.
import { DEFAULT_SETTINGS } from '../../main/core/settings/index.js';
import { createRandom } from '../sim/random.js';
import {
  cutPage,
  downloadsPatch,
  FIRST_PAGE_SIZE,
  PAGE_SIZE,
  sortNewestFirst,
  isMethodName,
  NOT_SAVABLE_WORDS,
  settingsPatchSchema,
  whyNotSavable,
  type Account,
  type AddAccountInput,
  type AppStatus,
  type BridgeEventName,
  type BridgeEvents,
  type CallResult,
  type Credentials,
  type Download,
  type DownloadFile,
  type DownloadStatus,
  type DownloadsCursor,
  type DownloadsSnapshot,
  type NewDownloadInput,
  type PreviewResult,
  type SaveJob,
  type Settings,
} from '../../preload/contract/index.js';
import { AppError } from '../../main/core/errors.js';
import { aboutInfo } from '../../main/core/support/about.js';
import type { Backend, BackendApi, BackendListener } from '../../main/core/backend/types.js';
import { estimateStart } from '../../main/core/credits/index.js';
import { SaveProgressFeed } from '../../main/core/backend/save-progress-feed.js';
import { createDispatch } from '../../main/core/backend/dispatch.js';
import { silentLogger } from '../../main/core/ports.js';

export interface FakeBackendOptions {
  /** How many downloads the fixture holds (spread over the accounts). Default 40. */
  downloads?: number;
  /** Start with no accounts and no downloads (the first-run empty state). */
  empty?: boolean;
  /** Milliseconds between simulated progress rounds; 0 turns the timer off. Default 1000. */
  tickMs?: number;
  /** Seed for the fixture, so screenshots and benchmarks see the same data. */
  seed?: number;
  /** "Now" for the fixture's timestamps. Default Date.now(). */
  now?: () => number;
  /** Milliseconds a simulated save takes. Default 4000. */
  saveMs?: number;
  /** Milliseconds each older page of the list takes to answer, to watch them arrive. Default 0. */
  pageDelayMs?: number;
}

export interface FakeBackend extends Backend {
  /** Change the app status (offline, rate-limited, keychain...) and emit it. */
  setStatus(patch: Partial<AppStatus>): void;
  /** Replace or add downloads as if the API reported them (emits a patch). */
  upsertDownloads(downloads: Download[]): void;
  /** Emit a patch with a version gap, to exercise the renderer's resync. */
  skipVersion(): void;
  /** What the shell's app menu sends the window (Help → About...): a `navigate` event. */
  menuNavigate(to: BridgeEvents['navigate']): void;
  /** Mark an account as needing sign-in. */
  setAccountState(id: string, state: Account['state'], reason?: string | null): void;
  readonly calls: { method: string; args: unknown[] }[];
  readonly version: number;
}

// The app's own defaults, with a slower poll so fixture timers stay quiet.
const FAKE_SETTINGS: Settings = { ...DEFAULT_SETTINGS, pollFastSeconds: 15 };

const QUERIES: Record<NonNullable<Download['dataType']>, string[]> = {
  businesses: [
    'categories:hotels AND city:Austin',
    'categories:restaurants AND province:TX AND dateUpdated:[2025-01-01 TO *]',
    'name:"Blue Bottle Coffee"',
    'categories:(dentist OR orthodontist) AND country:US',
    'primaryCategories:"Accommodation & Food Services" AND city:Denver',
  ],
  people: ['jobTitle:"chief financial officer" AND country:US', 'businessName:"Acme Corp"', 'city:Seattle'],
  products: [
    'brand:Apple AND categories:laptops',
    'sourceURLs:*walmart.com* AND prices.isSale:true',
    'upc:* AND categories:"running shoes"',
    'brand:(Nike OR Adidas) AND dateUpdated:[2025-06-01 TO *]',
  ],
  properties: [
    'propertyType:"Single Family Dwelling" AND province:CA',
    'city:Miami AND statuses.type:"For Sale"',
    'postalCode:78701 AND numBedroom:[3 TO *]',
    'country:US AND mostRecentStatus:Rental AND city:Chicago',
  ],
};

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function fixtureAccounts(now: number): Account[] {
  return [
    {
      id: 'acc-research',
      label: 'Research (v4)',
      version: 'v4',
      baseUrl: 'https://api.datafiniti.co/v4',
      authMethod: 'token',
      email: null,
      state: 'ok',
      stateReason: null,
      addedAt: iso(now - 40 * 86_400_000),
    },
    {
      id: 'acc-sales',
      label: 'Sales team',
      version: 'v4',
      baseUrl: 'https://api.datafiniti.co/v4',
      authMethod: 'password',
      email: 'ana@example.com',
      state: 'ok',
      stateReason: null,
      addedAt: iso(now - 12 * 86_400_000),
    },
    {
      id: 'acc-legacy',
      label: 'Legacy v3',
      version: 'v3',
      baseUrl: 'https://api.datafiniti.co/v3',
      authMethod: 'token',
      email: null,
      state: 'ok',
      stateReason: null,
      addedAt: iso(now - 400 * 86_400_000),
    },
  ];
}

function makeFiles(id: string, count: number, format: 'csv' | 'json', expiresAt: number): DownloadFile[] {
  return Array.from({ length: count }, (_, n) => ({
    url: `https://datafiniti-downloads.s3.amazonaws.com/user/${id}_${n}.${format === 'csv' ? 'csv' : 'txt'}`,
    name: `${id}_${n}.${format === 'csv' ? 'csv' : 'txt'}`,
    expiresAt: iso(expiresAt),
  }));
}

function fixtureDownloads(count: number, accounts: Account[], now: number, rand: () => number): Download[] {
  const out: Download[] = [];
  const statuses: DownloadStatus[] = [
    'completed',
    'completed',
    'completed',
    'completed',
    'running',
    'running',
    'queued',
    'failed',
    'cancelled',
  ];
  for (let i = 0; i < count; i++) {
    const account = accounts[i % accounts.length] as Account;
    const status: DownloadStatus = i === 7 ? 'unknown' : i < 3 ? 'running' : pick(rand, statuses);
    const dataType = pick(rand, ['businesses', 'people', 'products', 'properties'] as const);
    const format = rand() < 0.7 ? 'csv' : 'json';
    const numRecords = pick(rand, [100, 500, 1000, 2500, 10_000, 50_000, 250_000]);
    const startedMs = now - Math.floor(rand() * 6 * 86_400_000) - i * 60_000;
    const id = account.version === 'v4' ? String(40_000 + i) : `r${(900_000 + i).toString(36)}`;
    const fraction =
      status === 'completed'
        ? 1
        : status === 'running'
          ? 0.05 + rand() * 0.85
          : status === 'queued'
            ? 0
            : rand();
    const numDownloaded = Math.round(numRecords * fraction);
    const updatedMs =
      status === 'running' || status === 'queued'
        ? now - Math.floor(rand() * 60_000)
        : startedMs + Math.floor(rand() * 3 * 3_600_000);
    const expiresMs = status === 'completed' ? updatedMs + 7 * 86_400_000 : now;
    const fileCount = status === 'completed' ? Math.max(1, Math.ceil(numRecords / 50_000)) : 0;
    out.push({
      key: `${account.id}:${account.version}:${id}`,
      accountId: account.id,
      version: account.version,
      id,
      status,
      rawStatus: status === 'unknown' ? 'archiving' : status.toUpperCase(),
      dataType,
      format,
      query: pick(rand, QUERIES[dataType]),
      view: rand() < 0.2 ? 'product_flat_prices' : null,
      numRecords,
      numDownloaded,
      numFound: numRecords + Math.floor(rand() * 1000),
      progress: status === 'unknown' ? null : fraction,
      cost: status === 'queued' ? null : numDownloaded,
      startedAt: iso(startedMs),
      updatedAt: iso(updatedMs),
      completedAt: status === 'completed' ? iso(updatedMs) : null,
      files: makeFiles(id, fileCount, format, expiresMs),
      error:
        status === 'failed'
          ? 'The download failed on the server: query timed out while gathering records.'
          : null,
    });
  }
  return out;
}

function fail(message: string, field?: string): never {
  throw new AppError('invalid-input', message, field ? { field } : undefined);
}

export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const now = options.now ?? (() => Date.now());
  const rand = createRandom(options.seed ?? 42);
  const saveMs = options.saveMs ?? 4000;
  let accounts: Account[] = options.empty ? [] : fixtureAccounts(now());
  const downloads = new Map<string, Download>();
  if (!options.empty) {
    for (const d of fixtureDownloads(options.downloads ?? 40, accounts, now(), rand)) downloads.set(d.key, d);
  }
  let settings: Settings = structuredClone(FAKE_SETTINGS);
  let version = 1;
  const jobs = new Map<string, SaveJob>();
  const listeners = new Set<BackendListener>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const calls: { method: string; args: unknown[] }[] = [];
  let tick: ReturnType<typeof setInterval> | null = null;

  const statusOf = (): AppStatus => ({
    online: true,
    keychain: { available: true, message: null },
    accounts: accounts.map((a) => ({
      accountId: a.id,
      polling: true,
      state: a.state === 'needs-sign-in' ? 'needs-sign-in' : 'ok',
      lastPollAt: iso(now() - 5000),
      nextPollAt: iso(now() + 10_000),
      retryAt: null,
      lastError: null,
    })),
    notificationsPaused: settings.notificationsPaused,
    savesRunning: [...jobs.values()].filter((j) => j.state === 'running').length,
    away: null,
  });
  let statusOverride: Partial<AppStatus> = {};
  const status = (): AppStatus => ({ ...statusOf(), ...statusOverride });

  function emit<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void {
    for (const l of listeners) l(event, structuredClone(payload));
  }

  // Save progress goes out as the core sends it: per-file changes (its own encoder).
  const saveProgress = new SaveProgressFeed();
  function emitJob(job: SaveJob): void {
    emit('saves', saveProgress.update(structuredClone(job)));
  }

  /** A page of the list as the core cuts it (download-pages.ts), at the current version. */
  function pageOf(after: DownloadsCursor | null, size: number): DownloadsSnapshot {
    const sorted = sortNewestFirst([...downloads.values()]);
    const { downloads: page, next } = cutPage(sorted, after, size);
    return { version, downloads: page, total: sorted.length, next };
  }

  function patch(upserts: Download[], removals: string[] = []): void {
    for (const d of upserts) downloads.set(d.key, d);
    for (const k of removals) downloads.delete(k);
    version += 1;
    emit('downloads', downloadsPatch(version, upserts, removals));
  }

  function find(key: unknown): Download {
    const d = typeof key === 'string' ? downloads.get(key) : undefined;
    if (!d) throw new AppError('not-found', 'That download is no longer listed by the API.');
    return d;
  }

  function account(id: unknown): Account {
    const a = accounts.find((x) => x.id === id);
    if (!a) throw new AppError('not-found', 'That account no longer exists.');
    return a;
  }

  function progressRound(): void {
    const changed: Download[] = [];
    for (const d of downloads.values()) {
      if (d.status === 'queued' && rand() < 0.15) {
        changed.push({ ...d, status: 'running', rawStatus: 'RUNNING', updatedAt: iso(now()), progress: 0 });
      } else if (d.status === 'running') {
        const total = d.numRecords ?? 1000;
        const done = Math.min(total, (d.numDownloaded ?? 0) + Math.ceil(total * (0.01 + rand() * 0.04)));
        const completed = done >= total;
        changed.push({
          ...d,
          status: completed ? 'completed' : 'running',
          rawStatus: completed ? 'COMPLETED' : 'RUNNING',
          numDownloaded: done,
          progress: done / total,
          cost: done,
          updatedAt: iso(now()),
          completedAt: completed ? iso(now()) : null,
          files: completed
            ? makeFiles(
                d.id,
                Math.max(1, Math.ceil(total / 50_000)),
                d.format ?? 'csv',
                now() + 7 * 86_400_000,
              )
            : [],
        });
      }
    }
    if (changed.length) patch(changed);
  }

  function runSave(job: SaveJob, d: Download): void {
    const steps = 8;
    let step = 0;
    const perFile = 180_000 * Math.max(1, Math.round((d.numRecords ?? 1000) / 1000));
    job.bytesTotal = perFile * job.files.length;
    for (const f of job.files) f.bytesTotal = perFile;
    const advance = (): void => {
      if (job.state !== 'running' && job.state !== 'queued') return;
      step += 1;
      job.state = 'running';
      const fraction = step / steps;
      job.bytesDone = Math.round((job.bytesTotal ?? 0) * fraction);
      job.speed = Math.round((job.bytesTotal ?? 0) / steps / (saveMs / steps / 1000));
      job.etaSeconds = Math.round(((steps - step) * saveMs) / steps / 1000);
      job.files.forEach((f, i) => {
        const fileFraction = Math.max(0, Math.min(1, fraction * job.files.length - i));
        f.bytesDone = Math.round(perFile * fileFraction);
        f.state = fileFraction >= 1 ? 'done' : fileFraction > 0 ? 'running' : 'waiting';
      });
      if (step >= steps) {
        job.state = 'completed';
        job.etaSeconds = 0;
        job.speed = 0;
        const reported = d.numDownloaded ?? d.numRecords;
        // Every fifth download's files hold fewer records than the API reported.
        const found =
          Number(d.id.replace(/\D/g, '')) % 5 === 0 ? Math.max(0, (reported ?? 0) - 12) : (reported ?? 0);
        job.manifest = {
          path: `${job.folder}/manifest.json`,
          recordsFound: found,
          recordsReported: reported,
          matches: found === reported,
        };
        emitJob(job);
        return;
      }
      emitJob(job);
      const t = setTimeout(advance, saveMs / steps);
      timers.add(t);
    };
    emitJob(job);
    const t = setTimeout(advance, 50);
    timers.add(t);
  }

  const api: BackendApi = {
    accounts: {
      async list() {
        return accounts;
      },
      async add(input: AddAccountInput) {
        if (!input || typeof input.label !== 'string' || !input.label.trim())
          fail('Give the account a name.', 'label');
        if ('token' in input) {
          if (!input.token?.trim()) fail('Paste the API token from the Datafiniti portal.', 'token');
          if (input.token.trim() === 'bad-token') {
            throw new AppError(
              'auth',
              'Datafiniti did not accept this token. Copy it again from the portal.',
              {
                status: 401,
              },
            );
          }
        } else if (!input.email?.trim() || !input.password) {
          fail('Enter the email and password of your Datafiniti account.', 'email');
        }
        if (!status().keychain.available) {
          throw new AppError('keychain', status().keychain.message ?? 'No keychain is available.');
        }
        const created: Account = {
          id: `acc-${Math.floor(rand() * 1e9).toString(36)}`,
          label: input.label.trim(),
          version: input.version,
          baseUrl: input.baseUrl || `https://api.datafiniti.co/${input.version}`,
          authMethod: 'token' in input ? 'token' : 'password',
          email: 'email' in input ? input.email : null,
          state: 'ok',
          stateReason: null,
          addedAt: iso(now()),
        };
        accounts = [...accounts, created];
        emit('accounts', accounts);
        emit('status', status());
        return created;
      },
      async remove(id: string) {
        account(id);
        accounts = accounts.filter((a) => a.id !== id);
        const gone = [...downloads.values()].filter((d) => d.accountId === id).map((d) => d.key);
        patch([], gone);
        emit('accounts', accounts);
        emit('status', status());
      },
      async verify(id: string) {
        return account(id);
      },
      async reauthenticate(id: string, credentials: Credentials) {
        const a = account(id);
        if ('token' in credentials ? !credentials.token : !credentials.email || !credentials.password) {
          fail('Enter the new credentials.', 'token' in credentials ? 'token' : 'email');
        }
        const fixed: Account = { ...a, state: 'ok', stateReason: null };
        accounts = accounts.map((x) => (x.id === id ? fixed : x));
        emit('accounts', accounts);
        emit('status', status());
        return fixed;
      },
      async rename(id: string, label: string) {
        const a = account(id);
        if (typeof label !== 'string' || !label.trim()) fail('A name cannot be empty.', 'label');
        const renamed = { ...a, label: label.trim() };
        accounts = accounts.map((x) => (x.id === id ? renamed : x));
        emit('accounts', accounts);
        return renamed;
      },
      async credits() {
        // v4 accounts as GET /v4/account describes them (per-type plans: used counts, plan ids,
        // overage settings, no allotment); v3 has no account page, so no entry.
        const checkedAt = new Date(now() - 4 * 60_000).toISOString();
        return accounts
          .filter((a) => a.version === 'v4')
          .map((a, i) => ({
            accountId: a.id,
            figures: {
              usedByType: { businesses: 1_240 + i * 310, products: 96_000 - i * 7_000, people: 0 },
              totalUsed: null,
              allotted: null,
              planIds: ['business-10k-299', 'product-100k-999'],
              overageLimit: 5_000,
              overagesEnabled: i === 0,
            },
            checkedAt,
            error: null,
          }));
      },
    },
    downloads: {
      async snapshot(): Promise<DownloadsSnapshot> {
        return pageOf(null, FIRST_PAGE_SIZE);
      },
      async page(after: DownloadsCursor): Promise<DownloadsSnapshot> {
        if (options.pageDelayMs) await new Promise((r) => setTimeout(r, options.pageDelayMs));
        return pageOf(after, PAGE_SIZE);
      },
      async refresh() {
        progressRound();
      },
      async cancel(key: string) {
        const d = find(key);
        if (d.version !== 'v4') throw new AppError('rejected', 'Only v4 downloads can be cancelled.');
        if (d.status !== 'running' && d.status !== 'queued') {
          throw new AppError('rejected', 'Only a queued or running download can be cancelled.');
        }
        const cancelled: Download = {
          ...d,
          status: 'cancelled',
          rawStatus: 'CANCELLED',
          updatedAt: iso(now()),
        };
        patch([cancelled]);
        return cancelled;
      },
      async preview(input: NewDownloadInput): Promise<PreviewResult> {
        const a = account(input.accountId);
        if (a.version === 'v3')
          throw new AppError('rejected', 'A preview of count and cost needs a v4 account.');
        if (/\bINVALID\b/.test(input.query)) throw new AppError('rejected', 'Invalid query.');
        const numFound = 12_345;
        return { numFound, totalCost: Math.min(input.numRecords ?? numFound, numFound) };
      },
      async estimate(input: NewDownloadInput) {
        return estimateStart(input, account(input.accountId).version, null, undefined);
      },
      async start(input: NewDownloadInput): Promise<Download> {
        const a = account(input.accountId);
        if (a.state === 'needs-sign-in') throw new AppError('auth', 'Sign in to this account again first.');
        if (/\bINVALID\b/.test(input.query)) throw new AppError('rejected', 'Invalid query.');
        const id = String(90_000 + downloads.size);
        const numRecords = Math.min(input.numRecords ?? 12_345, 12_345);
        const started: Download = {
          key: `${a.id}:${a.version}:${id}`,
          accountId: a.id,
          version: a.version,
          id,
          status: 'queued',
          rawStatus: 'QUEUED',
          dataType: input.dataType,
          format: input.format,
          query: input.query.trim(),
          view: input.view ?? null,
          numRecords,
          numDownloaded: 0,
          numFound: 12_345,
          progress: 0,
          cost: null,
          startedAt: iso(now()),
          updatedAt: iso(now()),
          completedAt: null,
          files: [],
          error: null,
        };
        patch([started]);
        return started;
      },
      async exportList() {
        throw new AppError(
          'internal',
          'The fake backend writes no files; export runs against the real core.',
        );
      },
      // Polling cadence is the core's business; `calls` records what the window reported.
      async watch() {},
    },
    files: {
      async save(key: string, saveOptions?: { folder?: string }) {
        const d = find(key);
        const notSavable = whyNotSavable(d);
        if (notSavable) throw new AppError(notSavable.code, notSavable.message);
        const folder =
          saveOptions?.folder ?? `${settings.saveFolder ?? '/home/user/Downloads/Datafiniti'}/${d.id}`;
        const job: SaveJob = {
          jobId: `job-${d.id}-${Math.floor(rand() * 1e6)}`,
          downloadKey: d.key,
          folder,
          state: 'queued',
          files: d.files.map((f) => ({
            name: f.name,
            path: `${folder}/${f.name}`,
            bytesDone: 0,
            bytesTotal: null,
            state: 'waiting',
          })),
          bytesDone: 0,
          bytesTotal: null,
          speed: 0,
          etaSeconds: null,
          error: null,
          manifest: null,
        };
        jobs.set(job.jobId, job);
        runSave(job, d);
        return structuredClone(job);
      },
      async cancelSave(jobId: string) {
        const job = jobs.get(jobId);
        if (!job) throw new AppError('not-found', 'That save is no longer running.');
        job.state = 'cancelled';
        emitJob(job);
      },
      async jobs() {
        return [...jobs.values()];
      },
      async reveal() {},
      async open() {},
      async chooseFolder() {
        return '/home/user/Data/Datafiniti';
      },
      async saveMany(keys: string[]) {
        const queued: string[] = [];
        const skipped: { key: string; reason: string }[] = [];
        for (const key of keys) {
          const d = downloads.get(key);
          const why = d ? whyNotSavable(d)?.reason : 'not-listed';
          if (why) skipped.push({ key, reason: NOT_SAVABLE_WORDS[why] });
          else {
            await api.files.save(key);
            queued.push(key);
          }
        }
        return { queued, skipped };
      },
      async saveAllCompleted() {
        const keys = [...downloads.values()].filter((d) => d.status === 'completed').map((d) => d.key);
        return api.files.saveMany(keys);
      },
      async preview() {
        throw new AppError(
          'not-found',
          'The fake backend has no saved files; preview runs against the real core.',
        );
      },
    },
    settings: {
      async get() {
        return settings;
      },
      async update(p: Partial<Settings>) {
        // The contract's schema, as the real backend checks it (this copy had drifted: 5-3600 s,
        // 8 files, 168 h, where the schema says otherwise).
        const parsed = settingsPatchSchema.safeParse(p);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          fail(issue?.message ?? 'Settings must be an object.', issue?.path.join('.') || undefined);
        }
        settings = { ...settings, ...p, notify: { ...settings.notify, ...(p.notify ?? {}) } };
        emit('settings', settings);
        return settings;
      },
    },
    app: {
      async status() {
        return status();
      },
      async focused() {},
      async openExternal() {},
      async about() {
        return aboutInfo({ appVersion: '0.1.0', versions: process.versions, logsFolder: null, update: null });
      },
      async openLogsFolder() {
        fail('This copy of the app keeps no log files.');
      },
      async dismissAway(id: string) {
        if (status().away?.id !== id) return;
        statusOverride = { ...statusOverride, away: null };
        emit('status', status());
      },
    },
  };
  const dispatch = createDispatch(api, silentLogger);

  const backend: FakeBackend = {
    api,
    calls,
    get version() {
      return version;
    },
    async call(method: string, args: unknown): Promise<CallResult<unknown>> {
      if (isMethodName(method) && Array.isArray(args)) calls.push({ method, args });
      // The real dispatch: the method and its arguments checked with the contract's schemas.
      return dispatch(method, args);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    view() {
      return { downloads: [...downloads.values()], status: status(), settings, saves: [...jobs.values()] };
    },
    signals: {
      online(online) {
        backend.setStatus({ online });
      },
      sleep() {},
      wake() {},
    },
    navigate(downloadKey) {
      emit('navigate', { view: 'download', downloadKey });
    },
    menuNavigate(to) {
      emit('navigate', to);
    },
    async saveAllCompleted() {
      return api.files.saveAllCompleted();
    },
    async start() {
      const tickMs = options.tickMs ?? 1000;
      if (tickMs > 0 && !tick) tick = setInterval(progressRound, tickMs);
    },
    async dispose() {
      if (tick) clearInterval(tick);
      tick = null;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      listeners.clear();
    },
    setStatus(p) {
      statusOverride = { ...statusOverride, ...p };
      emit('status', status());
    },
    upsertDownloads(list) {
      patch(list);
    },
    skipVersion() {
      version += 1;
      const first = downloads.values().next().value;
      patch(first ? [{ ...first, updatedAt: iso(now()) }] : []);
    },
    setAccountState(id, state, reason = null) {
      accounts = accounts.map((a) => (a.id === id ? { ...a, state, stateReason: reason } : a));
      emit('accounts', accounts);
      emit('status', status());
    },
  };
  return backend;
}
