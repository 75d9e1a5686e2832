// The BackendPorts for running the core in plain Node (harness, preview, integration tests):
// real fetch, real files, a conf-backed store, and recorded notifications and shell actions
// so tests can assert what a user would have seen.
import { electronNetFetch } from '../support/electron-net-fetch.js';
import { mkdirSync } from 'node:fs';
import type { BackendPorts, SaveFileRequest } from '../../main/core/backend/types.js';
import { createConfStore } from '../../main/core/settings/index.js';
import type { AppNotification } from '../../preload/contract/index.js';
import {
  silentLogger,
  systemClock,
  type Clock,
  type CredentialVault,
  type Logger,
} from '../../main/core/ports.js';

export interface NodePortsOptions {
  /** Where settings and app state live (the store's folder). */
  dataDir: string;
  /** Stands in for the user's Downloads folder. */
  downloadsDir: string;
  /** Defaults to an in-memory vault (see createMemoryVault). */
  vault?: CredentialVault;
  /** Defaults to the vault's own probe, or "available" for the memory vault. */
  probeVault?: BackendPorts['probeVault'];
  clock?: Clock;
  logger?: Logger;
  fetch?: BackendPorts['fetch'];
  defaultBaseUrls?: BackendPorts['defaultBaseUrls'];
}

export interface RecordedActions {
  notifications: AppNotification[];
  reveals: string[];
  opens: string[];
  externals: string[];
  /** Every time the backend asked for a folder, with what was answered. */
  chosenFolders: (string | null)[];
  /** Every "Save as" the backend asked for, with what was answered. */
  savedAs: { request: SaveFileRequest; answer: string | null }[];
  startAtLogin: boolean[];
}

export interface NodePorts {
  ports: BackendPorts;
  recorded: RecordedActions;
  /** What the next chooseFolder() answers (null = the user cancelled); default null. */
  setNextChosenFolder(path: string | null): void;
  /** What the next chooseSaveFile() answers (null = the user cancelled); default null. */
  setNextSaveFile(path: string | null): void;
  /** Called with every notification as it is shown, e.g. to print it in preview. */
  onNotify(listener: (n: AppNotification) => void): () => void;
}

/** A vault in memory, for tests and preview without a keychain. It never touches disk. */
export function createMemoryVault(): CredentialVault & { readonly size: number } {
  const secrets = new Map<string, string>();
  return {
    get size() {
      return secrets.size;
    },
    async get(account) {
      return secrets.get(account) ?? null;
    },
    async set(account, secret) {
      secrets.set(account, secret);
    },
    async delete(account) {
      return secrets.delete(account);
    },
  };
}

export function createNodePorts(options: NodePortsOptions): NodePorts {
  mkdirSync(options.downloadsDir, { recursive: true });
  const recorded: RecordedActions = {
    notifications: [],
    reveals: [],
    opens: [],
    externals: [],
    chosenFolders: [],
    savedAs: [],
    startAtLogin: [],
  };
  const notifyListeners = new Set<(n: AppNotification) => void>();
  let nextFolder: string | null = null;
  let nextSaveFile: string | null = null;
  const vault = options.vault ?? createMemoryVault();
  const withProbe = vault as CredentialVault & {
    probe?: () => Promise<{ available: boolean; message: string | null }>;
  };

  const ports: BackendPorts = {
    // net.fetch's documented behaviour (test/support/electron-net-fetch.ts), as in the app.
    fetch: options.fetch ?? electronNetFetch,
    vault,
    probeVault:
      options.probeVault ??
      (withProbe.probe ? () => withProbe.probe!() : async () => ({ available: true, message: null })),
    // The core's conf store: the same file handling as the app (a corrupt file is set aside).
    store: createConfStore({
      cwd: options.dataDir,
      name: 'datafiniti-downloads',
      logger: options.logger ?? silentLogger,
    }),
    notify: {
      notify(n) {
        recorded.notifications.push(n);
        for (const l of notifyListeners) l(n);
      },
    },
    reveal: async (path) => {
      recorded.reveals.push(path);
    },
    open: async (path) => {
      recorded.opens.push(path);
    },
    openExternal: async (url) => {
      recorded.externals.push(url);
    },
    chooseFolder: async () => {
      recorded.chosenFolders.push(nextFolder);
      return nextFolder;
    },
    chooseSaveFile: async (request) => {
      recorded.savedAs.push({ request, answer: nextSaveFile });
      return nextSaveFile;
    },
    clock: options.clock ?? systemClock,
    paths: { downloads: options.downloadsDir, userData: options.dataDir },
    logger: options.logger ?? silentLogger,
    setStartAtLogin: (enabled) => {
      recorded.startAtLogin.push(enabled);
    },
    ...(options.defaultBaseUrls ? { defaultBaseUrls: options.defaultBaseUrls } : {}),
  };

  return {
    ports,
    recorded,
    setNextSaveFile(path) {
      nextSaveFile = path;
    },
    setNextChosenFolder(path) {
      nextFolder = path;
    },
    onNotify(listener) {
      notifyListeners.add(listener);
      return () => notifyListeners.delete(listener);
    },
  };
}
