// What createBackend(ports) returns and needs. Transports (Electron IPC, the harness's
// WebSocket) hold no logic: they pass untrusted calls to `call`, which validates them.
import type {
  AboutInfo,
  AppStatus,
  BridgeEventName,
  BulkSaveResult,
  BridgeEvents,
  CallResult,
  DatafinitiBridge,
  Download,
  SaveJob,
  Settings,
} from '../../../preload/contract/index.js';
import type {
  Clock,
  CredentialVault,
  FetchPort,
  KeyValueStore,
  Logger,
  NotifyPort,
  PathsPort,
} from '../ports.js';

export interface SaveFileRequest {
  title: string;
  /** Offered in the user's Downloads folder. */
  defaultName: string;
  filter: { name: string; extensions: string[] };
}

export interface BackendPorts {
  fetch: FetchPort;
  /** The API's fetch may differ from the file host's (e.g. a proxy); defaults to `fetch`. */
  fileFetch?: FetchPort;
  vault: CredentialVault;
  /** Tells whether the keychain can be reached, with a message for a banner when not. */
  probeVault: () => Promise<{ available: boolean; message: string | null }>;
  store: KeyValueStore;
  notify: NotifyPort;
  reveal: (path: string) => Promise<void>;
  open: (path: string) => Promise<void>;
  openExternal: (url: string) => Promise<void>;
  chooseFolder: () => Promise<string | null>;
  /** The system's "Save as" dialog (it asks before replacing a file); null when cancelled. */
  chooseSaveFile: (request: SaveFileRequest) => Promise<string | null>;
  clock: Clock;
  paths: PathsPort;
  logger: Logger;
  /** Applies "start at login" where the platform supports it. */
  setStartAtLogin?: (enabled: boolean) => void;
  random?: () => number;
  /** Base URLs for new accounts when the user gives none (the real API by default). */
  defaultBaseUrls?: { v3: string; v4: string };
  /** About and the logs folder; without it (the harness) About shows what Node knows. */
  support?: SupportPort;
}

export interface SupportPort {
  about(): AboutInfo;
  openLogsFolder(): Promise<void>;
}

export type BackendApi = Omit<DatafinitiBridge, 'on'>;
export type BackendListener = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;

/** What the shell needs beyond the renderer's contract: tray, menu, power and focus signals. */
export interface ShellView {
  downloads: Download[];
  status: AppStatus;
  settings: Settings;
  saves: SaveJob[];
}

export interface Backend {
  /** Typed and validated, for in-process callers (the shell's tray and menu). */
  api: BackendApi;
  /** For transports: `method` and `args` are untrusted; never throws. */
  call(method: string, args: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: BackendListener): () => void;
  /** The current state for the tray and the dock/taskbar. */
  view(): ShellView;
  signals: {
    online(online: boolean): void;
    sleep(): void;
    wake(): void;
  };
  /** A notification was clicked: tell the renderer to show that download. */
  navigate(downloadKey: string): void;
  /** The tray's "Save all completed": queues them (see files.saveAllCompleted). */
  saveAllCompleted(): Promise<BulkSaveResult>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}
