// The bridge's methods and events: the preload builds `window.datafiniti` from METHOD_NAMES,
// main validates every call with the schemas in method-schemas.ts, and the harness speaks the
// same contract over a WebSocket.
import type {
  Account,
  ApiVersion,
  AwayReport,
  DataType,
  Download,
  DownloadFormat,
  DownloadKey,
  Settings,
} from './model.js';
import type { ErrorInfo } from './errors.js';
import type { AccountCredits, StartEstimate } from './credits.js';
import type { DownloadsCursor } from './download-pages.js';

export type AddAccountInput =
  | { label: string; version: ApiVersion; baseUrl?: string; token: string }
  | { label: string; version: 'v4'; baseUrl?: string; email: string; password: string };

export type Credentials = { token: string } | { email: string; password: string };

export interface NewDownloadInput {
  accountId: string;
  dataType: DataType;
  query: string;
  format: DownloadFormat;
  /** null or undefined: all matches. */
  numRecords?: number | null;
  view?: string | null;
}

export interface PreviewResult {
  numFound: number;
  /** Credits the download would cost, when the API says. */
  totalCost: number | null;
  /** When Datafiniti counted (an answer kept from earlier is not paid for again). */
  checkedAt?: string;
}

/**
 * A page of the downloads, newest start first (download-pages.ts), at `version`: the snapshot
 * is the first page; `next` asks `downloads.page` for the one after it, null when this is the last.
 */
export interface DownloadsSnapshot {
  version: number;
  downloads: Download[];
  /** Downloads in the whole list at `version`. */
  total: number;
  next: DownloadsCursor | null;
}

/**
 * Sent after every change; `version` is the snapshot version + 1 each time. A change too large
 * for one message (download-pages.ts: `MAX_PATCH_CHANGES`, e.g. the first poll of an account with
 * 50,000 downloads) comes as `reload` with no downloads: the window reads the list again in pages.
 */
export interface DownloadsPatch {
  version: number;
  upserts: Download[];
  removals: DownloadKey[];
  reload?: true;
}

export type SaveState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export interface SaveFileProgress {
  name: string;
  path: string;
  bytesDone: number;
  bytesTotal: number | null;
  state: 'waiting' | 'running' | 'done' | 'failed';
}

/** One file's entry in a save progress event, with its place in the job's `files`. */
export interface SaveFileChange extends SaveFileProgress {
  index: number;
}

/**
 * A save progress event: the job without its file list, and only the file entries changed since
 * this job's previous event (all of them in its first), so a save of n files sends O(n) entries
 * in all, not O(n²). The renderer merges them into the whole job `files.jobs()` returned.
 */
export interface SaveJobUpdate extends Omit<SaveJob, 'files'> {
  fileCount: number;
  changedFiles: SaveFileChange[];
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
  /** "Combine into one file": null when not asked for this save. */
  combine?: CombineStatus | null;
  /** The file host asked us to slow down: the save waits until then (ISO), for a countdown. */
  waitingUntil?: string | null;
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
  /** Downloads waiting in the bulk save queue, in order. */
  savesQueued?: DownloadKey[];
  /** What changed while the app was closed or asleep, until the user dismisses it. */
  away: AwayReport | null;
}

export interface SaveOptions {
  /** A folder the user chose; default `<saveFolder>/<label or id>`. */
  folder?: string;
  /** Combine the files into one after saving; default: the "Combine into one file" setting. */
  combine?: boolean;
}

export interface CombineStatus {
  /** not-combined: nothing to do (one file) or refused (headers differ); `message` says which. */
  state: 'waiting' | 'running' | 'done' | 'failed' | 'not-combined';
  message: string | null;
  file: { name: string; path: string; size: number; records: number } | null;
  partsKept: boolean;
}

export interface BulkSaveResult {
  /** Saves queued, one download at a time, each with "Files at once" transfers. */
  queued: DownloadKey[];
  skipped: { key: DownloadKey; reason: string }[];
}

export interface FilePreview {
  /** The file read (the first saved file), for "Open". */
  path: string;
  name: string;
  format: DownloadFormat;
  /** At most PREVIEW_COLUMNS: the first ones of the file. */
  columns: string[];
  /** Columns in the file, which may be more than are shown. */
  columnCount: number;
  /** At most PREVIEW_RECORDS rows, each as long as `columns`. */
  rows: string[][];
  /** False when the file holds more records than are shown. */
  complete: boolean;
  /** Records in all files of the save, from the manifest; null when it has no count. */
  totalRecords: number | null;
  fileCount: number;
}

export interface ExportResult {
  path: string;
  rows: number;
}

export interface DatafinitiBridge {
  accounts: {
    list(): Promise<Account[]>;
    add(input: AddAccountInput): Promise<Account>;
    remove(id: string): Promise<void>;
    verify(id: string): Promise<Account>;
    reauthenticate(id: string, credentials: Credentials): Promise<Account>;
    rename(id: string, label: string): Promise<Account>;
    /** Credits per account as last read from `GET /v4/account` (free). */
    credits(): Promise<AccountCredits[]>;
  };
  downloads: {
    /** The newest page of the list; the rest with `page(next)` until `next` is null. */
    snapshot(): Promise<DownloadsSnapshot>;
    page(after: DownloadsCursor): Promise<DownloadsSnapshot>;
    refresh(): Promise<void>;
    cancel(key: DownloadKey): Promise<Download>;
    preview(input: NewDownloadInput): Promise<PreviewResult>;
    start(input: NewDownloadInput): Promise<Download>;
    /** Free: the count already checked for this input, the credits it will use, any overage. */
    estimate(input: NewDownloadInput): Promise<StartEstimate>;
    /** Writes these downloads (the list as filtered) to a CSV in a folder the user picks; null if cancelled. */
    exportList(keys: DownloadKey[]): Promise<ExportResult | null>;
    /**
     * The window is visible and shows these downloads (rows on screen, detail open), or `[]`
     * when hidden: shown running downloads are polled on the fast cadence. Resend every 30 s.
     */
    watch(keys: DownloadKey[]): Promise<void>;
  };
  files: {
    save(key: DownloadKey, options?: SaveOptions): Promise<SaveJob>;
    cancelSave(jobId: string, options?: { keepPartial?: boolean }): Promise<void>;
    jobs(): Promise<SaveJob[]>;
    reveal(path: string): Promise<void>;
    open(path: string): Promise<void>;
    chooseFolder(): Promise<string | null>;
    /** Queues saves of these downloads; the ones that cannot be saved are listed with why. */
    saveMany(keys: DownloadKey[], options?: { combine?: boolean }): Promise<BulkSaveResult>;
    /** Every completed, unsaved download whose links still work. */
    saveAllCompleted(options?: { combine?: boolean }): Promise<BulkSaveResult>;
    /** The first records of a saved download's first file. */
    preview(key: DownloadKey): Promise<FilePreview>;
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
    about(): Promise<AboutInfo>;
    /** Opens the folder with the log files in the file manager. */
    openLogsFolder(): Promise<void>;
    /** The user closed the "While you were away" panel with this report id. */
    dismissAway(id: string): Promise<void>;
  };
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

/** Commands of the window's keyboard shortcuts that the app menu also offers. */
export type WindowShortcut = 'new-download' | 'find' | 'shortcuts';

export interface BridgeEvents {
  downloads: DownloadsPatch;
  saves: SaveJobUpdate;
  status: AppStatus;
  accounts: Account[];
  settings: Settings;
  credits: AccountCredits[];
  /** A notification was clicked (show that download) or the menu asked for a view. */
  navigate:
    | { view: 'download'; downloadKey: DownloadKey }
    | { view: 'settings'; downloadKey: null }
    /** Help → About: Settings, scrolled to the About card. */
    | { view: 'about'; downloadKey: null }
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
  'downloads.page',
  'downloads.refresh',
  'downloads.cancel',
  'downloads.preview',
  'downloads.start',
  'downloads.watch',
  'files.save',
  'files.cancelSave',
  'files.jobs',
  'files.reveal',
  'files.open',
  'files.chooseFolder',
  'files.saveMany',
  'files.saveAllCompleted',
  'files.preview',
  'downloads.exportList',
  'settings.get',
  'settings.update',
  'app.status',
  'app.focused',
  'app.openExternal',
  'accounts.credits',
  'downloads.estimate',
  'app.about',
  'app.openLogsFolder',
  'app.dismissAway',
] as const satisfies readonly MethodName[];

type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
export const METHOD_NAMES_COMPLETE: [Missing] extends [never] ? true : Missing = true;

const KNOWN_METHODS: ReadonlySet<string> = new Set(METHOD_NAMES);

export function isMethodName(method: unknown): method is MethodName {
  return typeof method === 'string' && KNOWN_METHODS.has(method);
}

export const EVENT_NAMES = [
  'downloads',
  'saves',
  'status',
  'accounts',
  'settings',
  'navigate',
  'credits',
] as const satisfies readonly BridgeEventName[];

/** What a transport carries back for a call: never a thrown stack. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The About panel. Versions are null where the app does not run in Electron (the harness). */
export interface AboutInfo {
  name: string;
  version: string;
  electron: string | null;
  chromium: string | null;
  node: string | null;
  licence: string;
  portalUrl: string;
  /** Where the log files are; null when the app keeps none (the browser harness). */
  logsFolder: string | null;
  /** One sentence on updates: up to date, ready, off, or why this install cannot update itself. */
  update: string | null;
}

declare global {
  interface Window {
    datafiniti: DatafinitiBridge;
  }
}
