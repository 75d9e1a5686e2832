// The app's status for the renderer's banners and the shell's tray: one answer, built from
// where each part lives (the network signal, the keychain probe, the monitor, the saver).
import type {
  AccountStatus,
  AppStatus,
  DownloadKey,
  SaveJob,
  Settings,
} from '../../../preload/contract/index.js';
import type { KeychainState } from './keychain-status.js';

export interface StatusSources {
  keychain(): KeychainState;
  accounts(): AccountStatus[];
  settings(): Settings;
  saves(): SaveJob[];
  /** Downloads waiting in the bulk save queue. */
  savesQueued(): DownloadKey[];
}

export interface StatusTracker {
  current(): AppStatus;
  /** False once the shell says the network is gone; true again when it returns. */
  online(): boolean;
  /** Returns whether anything changed. */
  setOnline(next: boolean): boolean;
  /** "While you were away": what changed while the app was closed, until dismissed. */
  setAway(report: AppStatus['away']): void;
  /** Returns whether the report with this id was the one shown. */
  dismissAway(id: string): boolean;
}

export function createStatusTracker(sources: StatusSources): StatusTracker {
  let online = true;
  let away: AppStatus['away'] = null;
  return {
    current: () => ({
      online,
      keychain: sources.keychain(),
      accounts: sources.accounts(),
      notificationsPaused: sources.settings().notificationsPaused,
      savesRunning: sources.saves().filter((j) => j.state === 'running' || j.state === 'queued').length,
      savesQueued: sources.savesQueued(),
      away,
    }),
    online: () => online,
    setOnline(next) {
      if (next === online) return false;
      online = next;
      return true;
    },
    setAway(report) {
      away = report;
    },
    dismissAway(id) {
      if (away?.id !== id) return false;
      away = null;
      return true;
    },
  };
}
