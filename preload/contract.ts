// The one contract between the renderer and the main process. Types only: the preload builds
// `window.datafiniti` from METHOD_NAMES, main validates every call with the schemas in
// main/core/contract-schemas.ts, and the harness speaks the same contract over a WebSocket.
import type {
  Account,
  ApiVersion,
  AwayReport,
  DataType,
  Download,
  DownloadFormat,
  DownloadKey,
  Settings,
} from '../main/core/model.js';
import type { ErrorInfo } from '../main/core/errors.js';

export type {
  Account,
  ApiVersion,
  AwayItem,
  AwayReport,
  DataType,
  Download,
  DownloadFile,
  DownloadFormat,
  DownloadKey,
  DownloadStatus,
  NotificationKind,
  Settings,
} from '../main/core/model.js';
export type { ErrorInfo, ErrorKind } from '../main/core/errors.js';
export { ERROR_KINDS } from '../main/core/errors.js';

export type AddAccountInput =
  | { label: string; version: ApiVersion; baseUrl?: string; token: string }
  | { label: string; version: 'v4'; baseUrl?: string; email: string; password: string };

export type Credentials = { token: string } | { email: string; password: string };

export interface NewDownloadInput {
  accountId: string;
  dataType: DataType;
  query: string;
  format: DownloadFormat;
  numRecords?: number | null;
  view?: string | null;
}

export interface PreviewResult {
  numFound: number;
  totalCost: number | null;
}

export interface DownloadsSnapshot {
  version: number;
  downloads: Download[];
}

/** Sent after every change; `version` is the snapshot version + 1 each time. */
export interface DownloadsPatch {
  version: number;
  upserts: Download[];
  removals: DownloadKey[];
}

export type SaveState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export interface SaveFileProgress {
  name: string;
  path: string;
  bytesDone: number;
  bytesTotal: number | null;
  state: 'waiting' | 'running' | 'done' | 'failed';
}

export interface ManifestSummary {
  path: string;
  recordsFound: number;
  recordsReported: number | null;
  matches: boolean;
}

export interface SaveJob {
  jobId: string;
  downloadKey: DownloadKey;
  folder: string;
  state: SaveState;
  files: SaveFileProgress[];
  bytesDone: number;
  bytesTotal: number | null;
  /** Bytes per second over the last few seconds. */
  speed: number;
  etaSeconds: number | null;
  error: ErrorInfo | null;
  manifest: ManifestSummary | null;
}

export interface AccountStatus {
  accountId: string;
  polling: boolean;
  state: 'ok' | 'needs-sign-in' | 'error' | 'rate-limited' | 'offline';
  lastPollAt: string | null;
  nextPollAt: string | null;
  /** When rate-limited: the time polling resumes, for a countdown. */
  retryAt: string | null;
  lastError: ErrorInfo | null;
}

export interface AppStatus {
  online: boolean;
  keychain: { available: boolean; message: string | null };
  accounts: AccountStatus[];
  notificationsPaused: boolean;
  /** Saves under way, for the taskbar progress. */
  savesRunning: number;
  /** What changed while the app was closed or asleep, until the user dismisses it. */
  away: AwayReport | null;
}

export interface SaveOptions {
  /** A folder the user chose; default `<saveFolder>/<label or id>`. */
  folder?: string;
}

export interface DatafinitiBridge {
  accounts: {
    list(): Promise<Account[]>;
    add(input: AddAccountInput): Promise<Account>;
    remove(id: string): Promise<void>;
    verify(id: string): Promise<Account>;
    reauthenticate(id: string, credentials: Credentials): Promise<Account>;
    rename(id: string, label: string): Promise<Account>;
  };
  downloads: {
    snapshot(): Promise<DownloadsSnapshot>;
    refresh(): Promise<void>;
    cancel(key: DownloadKey): Promise<Download>;
    preview(input: NewDownloadInput): Promise<PreviewResult>;
    start(input: NewDownloadInput): Promise<Download>;
  };
  files: {
    save(key: DownloadKey, options?: SaveOptions): Promise<SaveJob>;
    cancelSave(jobId: string, options?: { keepPartial?: boolean }): Promise<void>;
    jobs(): Promise<SaveJob[]>;
    reveal(path: string): Promise<void>;
    open(path: string): Promise<void>;
    chooseFolder(): Promise<string | null>;
  };
  settings: {
    get(): Promise<Settings>;
    update(patch: Partial<Settings>): Promise<Settings>;
  };
  app: {
    status(): Promise<AppStatus>;
    /** The window gained focus: poll now. */
    focused(): Promise<void>;
    /** Opens a Datafiniti portal page in the system browser (allow-listed). */
    openExternal(url: string): Promise<void>;
    /** The user closed the "While you were away" panel with this report id. */
    dismissAway(id: string): Promise<void>;
  };
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

/** Commands of the window's keyboard shortcuts that the app menu also offers. */
export type WindowShortcut = 'new-download' | 'find' | 'shortcuts';

export interface BridgeEvents {
  downloads: DownloadsPatch;
  saves: SaveJob;
  status: AppStatus;
  accounts: Account[];
  settings: Settings;
  /** A notification was clicked (show that download) or the menu asked for a view. */
  navigate:
    | { view: 'download'; downloadKey: DownloadKey }
    | { view: 'settings'; downloadKey: null }
    /** A menu item for one of the window's own keyboard shortcuts was chosen. */
    | { view: 'shortcut'; shortcut: WindowShortcut; downloadKey: null };
}
export type BridgeEventName = keyof BridgeEvents;

type Group = Exclude<keyof DatafinitiBridge, 'on'>;
/** `group.method` for every callable method. */
export type MethodName = {
  [G in Group]: `${G}.${Extract<keyof DatafinitiBridge[G], string>}`;
}[Group];

/**
 * Every method, so the preload and transports can be built from data. Kept complete by a
 * type check: a name missing here or misspelt fails `npm run typecheck`.
 */
export const METHOD_NAMES = [
  'accounts.list',
  'accounts.add',
  'accounts.remove',
  'accounts.verify',
  'accounts.reauthenticate',
  'accounts.rename',
  'downloads.snapshot',
  'downloads.refresh',
  'downloads.cancel',
  'downloads.preview',
  'downloads.start',
  'files.save',
  'files.cancelSave',
  'files.jobs',
  'files.reveal',
  'files.open',
  'files.chooseFolder',
  'settings.get',
  'settings.update',
  'app.status',
  'app.focused',
  'app.openExternal',
  'app.dismissAway',
] as const satisfies readonly MethodName[];

type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
export const METHOD_NAMES_COMPLETE: [Missing] extends [never] ? true : Missing = true;

export const EVENT_NAMES = [
  'downloads',
  'saves',
  'status',
  'accounts',
  'settings',
  'navigate',
] as const satisfies readonly BridgeEventName[];

/** What a transport carries back for a call: never a thrown stack. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

declare global {
  interface Window {
    datafiniti: DatafinitiBridge;
  }
}
