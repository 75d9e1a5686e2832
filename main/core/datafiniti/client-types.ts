// The client's public shape, fixed before its implementation so that the monitor, accounts,
// saver and backend can be written against it.
import type { Clock, FetchPort } from '../ports.js';
import type { AppError } from '../errors.js';
import type {
  ApiVersion,
  Download,
  NewDownloadInput as StartInput,
  PreviewResult,
} from '../../../preload/contract/index.js';

export interface ClientOptions {
  accountId: string;
  version: ApiVersion;
  /** e.g. `https://api.datafiniti.co/v4` (the version's base, no trailing slash needed). */
  baseUrl: string;
  token: string;
  fetch: FetchPort;
  clock?: Clock;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Retries of idempotent GETs, default 3. */
  maxRetries?: number;
  /** Injected so back-off jitter is deterministic in tests. */
  random?: () => number;
  /** Called before every wait between retries so the UI can show a countdown. */
  onRetryWait?: (wait: RetryWait) => void;
  /** A list answer named the same download twice (the first copy is kept). */
  onDuplicate?: (id: string) => void;
}

export interface RetryWait {
  /** Epoch ms the next attempt is made. */
  retryAt: number;
  attempt: number;
  error: AppError;
}

/** The contract's input without the account: a client already is one account's. */
export type NewDownloadInput = Omit<StartInput, 'accountId'>;
export type { PreviewResult };

export interface DatafinitiClient {
  readonly version: ApiVersion;
  readonly accountId: string;
  /** Every download (v4) or request (v3) of the account. v3 entries carry no files. */
  list(): Promise<Download[]>;
  /** One download; for a completed v3 request its files are fetched from /v3/results too. */
  get(id: string): Promise<Download>;
  /** v4 only (`DELETE /downloads/{id}`, any 2xx, then read again); v3 rejects with kind `rejected`. Never retried. */
  cancel(id: string): Promise<Download>;
  /** Count without starting (`download: false`, `num_records: 1`: at most 1 credit). v4 only. Never retried. */
  preview(input: NewDownloadInput): Promise<PreviewResult>;
  /** Starts a download (v4 POST, v3 GET with 303). Never retried. */
  start(input: NewDownloadInput): Promise<Download>;
  /**
   * Adds what a list answer leaves out: v3 lists carry no files, so a completed request's
   * come from `/v3/results` (none yet while it answers 404). A v4 list entry is whole and
   * comes back as it is, without a request.
   */
  completeListed(listed: Download): Promise<Download>;
  /**
   * Reads a completed download's links once more, the documented way to fresh links after
   * expiry: v4 `GET /downloads/{id}`; v3 `GET /results/{id}`, after `GET /requests/{id}` only
   * when no list answered for its status this round (`listed`).
   */
  refreshLinks(download: Download, listed?: Download): Promise<Download>;
  /** v4 `GET /account`: whatever fields are there. */
  account(): Promise<Record<string, unknown>>;
  /** The cheapest call that proves the token works; rejects with `auth`, `payment`, ... */
  verify(): Promise<void>;
}
