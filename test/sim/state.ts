/** The simulator's mutable world: accounts, downloads, and the settings requests read. */
import type { SearchCharge } from './billing.js';
import type {
  AddAccountOptions,
  ApiVersion,
  AuthFailureMode,
  DataType,
  Dialect,
  FileFormat,
  Outcome,
  SimAccount,
  SimDownloadOptions,
} from './types.js';

export interface AccountRecord extends SimAccount {
  /** Numeric user id: the `{user}` part of file paths and the legacy `user_id`. */
  userId: number;
  inactive: boolean;
  paymentProblem: boolean;
  /** Legacy plan: one pool of credits, answered as `credits_allotted`; null on per-type plans. */
  creditsAllotted: number | null;
  /** Billed searches (records returned), see billing.ts. */
  searchCharges: SearchCharge[];
}

export interface DownloadRecord {
  id: number;
  version: ApiVersion;
  account: AccountRecord;
  dataType: DataType;
  format: FileFormat;
  query: string;
  view: string;
  numRecords: number;
  numFound: number;
  startedAt: number;
  /** Effective (speed-adjusted) durations in ms. */
  queuedMs: number;
  durationMs: number;
  recordsPerFile: number;
  bytesPerRecord: number;
  outcome: Outcome;
  partialFraction: number;
  failureMessage: string;
  /** A cancel or failure that happened before the natural end (DELETE, `fail()`). */
  stoppedEarly?: { status: 'failed' | 'cancelled'; at: number; message: string };
  /** Signing generation: bumped when links are re-signed; part of every signature. */
  signGeneration: number;
  /** When the current generation (> 0) was signed. */
  generationSignedAt: number;
  /** Every generation up to and including this one is expired (-1: none). */
  expiredGeneration: number;
  resignPending: boolean;
}

export interface SessionToken {
  account: AccountRecord;
  issuedAt: number;
}

/** The world as JSON, for a simulator that keeps its state between runs (the demo's --data-dir). */
export interface PersistedSimState {
  accounts: AccountRecord[];
  downloads: (Omit<DownloadRecord, 'account'> & { accountUserId: number })[];
  sessionTokens: { token: string; userId: number; issuedAt: number }[];
  nextDownloadId: number;
  nextUserId: number;
  nextSession: number;
}

export class SimState {
  readonly accounts: AccountRecord[] = [];
  readonly downloads = new Map<number, DownloadRecord>();
  readonly sessionTokens = new Map<string, SessionToken>();
  dialect: Dialect;
  authFailure: AuthFailureMode;
  /** Counts rejected requests so `rotate` is deterministic. */
  authFailureCount = 0;
  baseUrl = '';
  readonly secret: string;
  private nextDownloadId = 847070;
  private nextUserId = 1042;
  private nextSession = 1;

  constructor(
    readonly now: () => number,
    readonly speed: number,
    readonly seed: number,
    dialect: Dialect,
    authFailure: AuthFailureMode,
    readonly downloadDefaults: Partial<SimDownloadOptions>,
    readonly sessionTokenTtlMs: number | undefined,
  ) {
    this.dialect = dialect;
    this.authFailure = authFailure;
    this.secret = `sim-secret-${seed}`;
  }

  addAccount(opts: AddAccountOptions = {}): AccountRecord {
    const userId = this.nextUserId++;
    const account: AccountRecord = {
      token: opts.token ?? `sim-token-${this.seed}-${userId}`,
      email: opts.email ?? `user${userId}@example.com`,
      password: opts.password ?? `password-${userId}`,
      version: opts.version ?? 'v4',
      userId,
      inactive: opts.inactive ?? false,
      paymentProblem: opts.paymentProblem ?? false,
      creditsAllotted: opts.creditsAllotted ?? null,
      searchCharges: [],
    };
    if (this.accounts.some((a) => a.token === account.token)) {
      throw new Error(`an account with token ${account.token} already exists`);
    }
    this.accounts.push(account);
    return account;
  }

  toPersisted(): PersistedSimState {
    return {
      accounts: this.accounts,
      downloads: [...this.downloads.values()].map(({ account, ...d }) => ({
        ...d,
        accountUserId: account.userId,
      })),
      sessionTokens: [...this.sessionTokens].map(([token, s]) => ({
        token,
        userId: s.account.userId,
        issuedAt: s.issuedAt,
      })),
      nextDownloadId: this.nextDownloadId,
      nextUserId: this.nextUserId,
      nextSession: this.nextSession,
    };
  }

  /** Replaces the world with a saved one. Times are wall-clock, so what ran on finishes meanwhile. */
  restore(saved: PersistedSimState): void {
    this.accounts.splice(0, this.accounts.length, ...saved.accounts);
    const byUser = new Map(this.accounts.map((a) => [a.userId, a]));
    const owner = (userId: number): AccountRecord => {
      const account = byUser.get(userId);
      if (!account) throw new Error(`simulator state: no account ${userId}`);
      return account;
    };
    this.downloads.clear();
    for (const { accountUserId, ...d } of saved.downloads) {
      this.downloads.set(d.id, { ...d, account: owner(accountUserId) });
    }
    this.sessionTokens.clear();
    for (const s of saved.sessionTokens) {
      this.sessionTokens.set(s.token, { account: owner(s.userId), issuedAt: s.issuedAt });
    }
    this.nextDownloadId = saved.nextDownloadId;
    this.nextUserId = saved.nextUserId;
    this.nextSession = saved.nextSession;
  }

  accountByToken(token: string): AccountRecord | undefined {
    const portal = this.accounts.find((a) => a.token === token);
    if (portal) return portal;
    const session = this.sessionTokens.get(token);
    if (!session) return undefined;
    if (this.sessionTokenTtlMs !== undefined && this.now() - session.issuedAt > this.sessionTokenTtlMs) {
      return undefined;
    }
    return session.account;
  }

  issueSessionToken(account: AccountRecord): string {
    const token = `sess-${account.userId}-${this.nextSession++}-${(this.seed >>> 0).toString(36)}`;
    this.sessionTokens.set(token, { account, issuedAt: this.now() });
    return token;
  }

  addDownload(
    account: AccountRecord,
    version: ApiVersion,
    opts: SimDownloadOptions,
    numFound?: number,
  ): DownloadRecord {
    const o = { ...this.downloadDefaults, ...opts };
    const numRecords = Math.max(0, Math.floor(o.numRecords ?? 2500));
    const record: DownloadRecord = {
      id: this.nextDownloadId++,
      version,
      account,
      dataType: o.dataType ?? 'businesses',
      format: o.format ?? 'csv',
      query: o.query ?? 'categories:restaurant AND city:Austin',
      view: o.view ?? '',
      numRecords,
      numFound: Math.max(numRecords, numFound ?? numRecords),
      startedAt: o.startedAt ?? this.now(),
      queuedMs: (o.queuedMs ?? 2000) / this.speed,
      durationMs: (o.durationMs ?? 60000) / this.speed,
      recordsPerFile: Math.max(1, Math.floor(o.recordsPerFile ?? 1000)),
      bytesPerRecord: o.bytesPerRecord ?? 200,
      outcome: o.outcome ?? 'completed',
      partialFraction: Math.min(1, Math.max(0, o.partialFraction ?? 0.5)),
      failureMessage: o.failureMessage ?? 'The download failed on the server.',
      signGeneration: 0,
      generationSignedAt: 0,
      expiredGeneration: -1,
      resignPending: false,
    };
    this.downloads.set(record.id, record);
    return record;
  }

  download(id: string | number): DownloadRecord | undefined {
    const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
    return Number.isFinite(n) ? this.downloads.get(n) : undefined;
  }

  downloadsOf(account: AccountRecord, version: ApiVersion): DownloadRecord[] {
    return [...this.downloads.values()].filter((d) => d.account === account && d.version === version);
  }
}
