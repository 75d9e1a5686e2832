// The vocabulary shared by the core, the contract and the renderer. Types only: the renderer
// imports these through preload/contract.ts, so nothing here may pull in Node or Electron.

export type ApiVersion = 'v3' | 'v4';
export type DataType = 'businesses' | 'people' | 'products' | 'properties';
export type DownloadFormat = 'csv' | 'json';
export type DownloadStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'unknown';

/** `${accountId}:${version}:${id}`: unique across accounts and API versions. */
export type DownloadKey = string;

export interface DownloadFile {
  url: string;
  /** Derived from the URL path (`{download id}_{n}.csv`); NOT yet sanitised for the file system. */
  name: string;
  /** ISO time the pre-signed link stops working, or null when it cannot be told. */
  expiresAt: string | null;
}

/** One download (v4) or request (v3), whatever shape the API answered in. */
export interface Download {
  key: DownloadKey;
  accountId: string;
  version: ApiVersion;
  id: string;
  status: DownloadStatus;
  /** The status exactly as the API sent it, shown when `status` is `unknown`. */
  rawStatus: string;
  dataType: DataType | null;
  format: DownloadFormat | null;
  query: string;
  view: string | null;
  /** Records requested / expected (v4 num_records, v3 numRequested). */
  numRecords: number | null;
  numDownloaded: number | null;
  numFound: number | null;
  /** 0..1, or null when the total is unknown. */
  progress: number | null;
  cost: number | null;
  startedAt: string | null;
  updatedAt: string | null;
  completedAt: string | null;
  files: DownloadFile[];
  error: string | null;
  /**
   * When Datafiniti answered 404 for it (deleted in the portal, or gone with its account's
   * history): it stays listed, marked, rather than vanishing without a word.
   */
  goneAt?: string | null;
}

export type AccountState = 'ok' | 'needs-sign-in';

/** Non-secret account data; the token lives only in the OS keychain. */
export interface Account {
  id: string;
  label: string;
  version: ApiVersion;
  baseUrl: string;
  authMethod: 'token' | 'password';
  email: string | null;
  state: AccountState;
  /** Why the account needs sign-in, in words a person can act on. */
  stateReason: string | null;
  addedAt: string;
}

export type NotificationKind =
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'links-expiring'
  | 'links-expired'
  | 'stalled'
  | 'save-finished'
  | 'save-failed'
  | 'record-mismatch'
  /** The one summary of what changed while the app was closed or the computer slept. */
  | 'away';

export interface Settings {
  /** Seconds between rounds while a download of the account is queued or running. */
  pollFastSeconds: number;
  /** Seconds between rounds when nothing runs (also how often new downloads are discovered). */
  pollSlowSeconds: number;
  notify: Record<NotificationKind, boolean>;
  notificationsPaused: boolean;
  /** Parent folder for saved downloads; null means `<Downloads>/Datafiniti`. */
  saveFolder: string | null;
  parallelFiles: number;
  autoSave: boolean;
  keepPartialOnCancel: boolean;
  closeToTray: boolean;
  startAtLogin: boolean;
  /** Warn when a download may be saved and its links expire within this many hours. */
  saveBeforeExpiryHours: number;
  /** Check for app updates at start and once a day (installs that update themselves only). */
  checkForUpdates: boolean;
  /** Default of the per-save "Combine into one file" choice. */
  combineFiles: boolean;
  /** After combining, keep the separate files too. */
  keepPartsAfterCombine: boolean;
}

/** What changed while the app was closed or the computer slept, one line per download. */
export interface AwayReport {
  /** Changes with every new report, so a dismissed one stays dismissed. */
  id: string;
  at: string;
  items: AwayItem[];
}

export interface AwayItem {
  downloadKey: DownloadKey;
  kind: 'completed' | 'failed' | 'cancelled' | 'links-expiring' | 'links-expired';
}

/** What a notification says; the shell or harness shows it, clicking opens `downloadKey`. */
export interface AppNotification {
  id: string;
  kind: NotificationKind | 'summary';
  title: string;
  body: string;
  downloadKey: DownloadKey | null;
  /** Offer a "Save" action where the platform supports actions. */
  canSave: boolean;
}
