/**
 * Public vocabulary of the simulator. Everything other suites code against lives here and is
 * re-exported from `index.ts`.
 */
import type { ChargesReport } from './billing.js';

/** Which of the documented payload shapes the v4 API answers with (see datafiniti-api.md). */
export type Dialect = 'official' | 'spec' | 'legacy';
export type ApiVersion = 'v3' | 'v4';
export type DataType = 'businesses' | 'people' | 'products' | 'properties';
export type FileFormat = 'csv' | 'json';
export type Outcome = 'completed' | 'failed' | 'cancelled';
/** Canonical lifecycle state; each dialect renders it with its own words. */
export type LifecycleStatus = 'queued' | 'running' | Outcome;

/**
 * The three answers seen in the wild for a missing or wrong token:
 * - `invalid-token-401`: 401 `{"errors":["Invalid token."]}` (official reference)
 * - `unauthorized-text-401`: 401 plain text `Unauthorized` (gateway)
 * - `invalid-user-token-400`: 400 `{"errors":["An invalid user token was provided."]}`
 */
export type AuthFailureVariant = 'invalid-token-401' | 'unauthorized-text-401' | 'invalid-user-token-400';
/** `rotate` cycles through the variants in the order above, one step per rejected request. */
export type AuthFailureMode = AuthFailureVariant | 'rotate';

export interface SimOptions {
  port?: number;
  dialect?: Dialect;
  now?: () => number;
  speed?: number;
  seed?: number;
  demo?: boolean;
  /** How a missing/wrong token is answered. Default `rotate`. */
  authFailure?: AuthFailureMode;
  /** Defaults for downloads started through the API (POST search, v3 data). */
  downloadDefaults?: Partial<SimDownloadOptions>;
  /** Lifetime of tokens from `POST /v4/auth` in (virtual) ms. Default: they never expire. */
  sessionTokenTtlMs?: number;
  /**
   * Keep the world in this JSON file: loaded at start (instead of the demo world) and saved
   * after every request and at close. The port is kept too, so stored base URLs stay valid.
   */
  stateFile?: string;
}

export interface SimAccount {
  token: string;
  email: string;
  password: string;
  version: ApiVersion;
}

export interface AddAccountOptions extends Partial<SimAccount> {
  inactive?: boolean;
  paymentProblem?: boolean;
  /** A legacy plan with this many credits (`credits_allotted` in `/v4/account`). */
  creditsAllotted?: number;
}

export interface SimDownloadOptions {
  dataType?: DataType;
  format?: FileFormat;
  query?: string;
  numRecords?: number;
  queuedMs?: number;
  durationMs?: number;
  recordsPerFile?: number;
  bytesPerRecord?: number;
  outcome?: Outcome;
  /**
   * For `failed`/`cancelled` outcomes: the share of `numRecords` gathered when the download
   * stops at the end of its duration. Default 0.5.
   */
  partialFraction?: number;
  /** Message of a `failed` outcome. */
  failureMessage?: string;
  startedAt?: number;
  view?: string;
}

/** One result file as the simulator knows it (independent of dialect). */
export interface SimFile {
  n: number;
  name: string;
  /** Currently valid signed URL (does not consume a pending `resignLinks`). */
  url: string;
  records: number;
  size: number;
  etag: string;
  signedAt: number;
}

export interface SimDownload {
  id: string;
  version: ApiVersion;
  token: string;
  /** Canonical status at now(): queued | running | completed | failed | cancelled. */
  status(): LifecycleStatus;
  numRecords: number;
  numDownloaded(): number;
  /** Files published so far (all of them once finished). */
  files(): SimFile[];
  /** The failure message once failed, else ''. */
  error(): string;
  /** Cancel now, as `DELETE /v4/downloads/{id}` would. */
  cancel(): void;
}

export type FaultKind =
  | 'rate-limit-seconds'
  | 'rate-limit-date'
  | 'unavailable'
  | 'server-html'
  | 'malformed-json'
  | 'slow'
  | 'reset'
  | 'wrong-shape'
  /** 200 with a web page, as a captive portal or a filtering proxy answers any URL. */
  | 'portal-page'
  /** 200 JSON that never seems to end: `bodyBytes` of it, streamed (with a Content-Length if `declareLength`). */
  | 'huge-body'
  /** 401 whose JSON message repeats the request's Authorization header, as a careless proxy does. */
  | 'echo-auth';

export interface Fault {
  kind: FaultKind;
  path: string | RegExp;
  method?: string;
  /** Only requests carrying this Authorization header (one account's, while others poll). */
  authorization?: string;
  times?: number;
  after?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  resetAfterBytes?: number;
  bodyBytes?: number;
  declareLength?: boolean;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  auth: 'none' | 'basic' | 'bearer' | 'other';
  authorization?: string;
  cookie?: string;
  range?: string;
  time: number;
  /** The fault applied to this request, if any. */
  fault?: FaultKind;
}

export interface Simulator {
  url: string;
  v3: string;
  v4: string;
  files: string;
  dialect: Dialect;
  setDialect(d: Dialect): void;
  setAuthFailure(mode: AuthFailureMode): void;
  addAccount(opts?: AddAccountOptions): SimAccount;
  /** Tokens handed out by `POST /v4/auth` stop working (the portal tokens keep working). */
  expireSessionTokens(): void;
  addDownload(token: string, opts: SimDownloadOptions): SimDownload;
  getDownload(id: string): SimDownload | undefined;
  tick(): void;
  fail(id: string, message: string): void;
  expireLinks(id: string): void;
  /** The download is deleted: lists leave it out and a get answers 404, as after a portal delete. */
  removeDownload(id: string): void;
  resignLinks(id: string): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  log: RequestLogEntry[];
  clearLog(): void;
  /** What has been charged so far, per account (also `GET /_sim/charges`). */
  charges(): ChargesReport;
  close(): Promise<void>;
}
