// The contract's methods, each a short step into accounts, the monitor, the saver or the
// settings. Arguments arrive already parsed (dispatch.ts); these check only what the state of
// the app decides (is the download still listed, is the account signed in).
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import type { AccountService } from '../accounts/index.js';
import { AppError } from '../errors.js';
import type { Saver } from '../files/index.js';
import type { Monitor } from '../monitor/index.js';
import type { Logger } from '../ports.js';
import type { SettingsStore } from '../settings/index.js';
import type { DownloadsFeed } from './downloads-feed.js';
import type { SaveRules } from './save-rules.js';
import { assertSavedPath } from './saved-paths.js';
import type { StatusTracker } from './status.js';
import type { BackendApi, BackendPorts } from './types.js';

export interface ApiDeps {
  ports: Pick<BackendPorts, 'reveal' | 'open' | 'openExternal' | 'chooseFolder'>;
  accounts: AccountService;
  monitor: Monitor;
  saver: Saver;
  settings: SettingsStore;
  feed: DownloadsFeed;
  saves: SaveRules;
  status: StatusTracker;
  refreshKeychain: () => Promise<void>;
  logger: Logger;
}

export function createApi(deps: ApiDeps): BackendApi {
  const { ports, accounts, monitor, saver, settings, feed, saves, status, refreshKeychain, logger } = deps;

  function mustFindDownload(key: DownloadKey): Download {
    const download = monitor.downloads().find((d) => d.key === key);
    if (!download)
      throw new AppError('not-found', 'That download is no longer in the list. Refresh and try again.');
    return download;
  }

  async function clientForAccount(accountId: string) {
    const account = accounts.get(accountId);
    if (!account) throw new AppError('not-found', 'That account was removed.');
    if (account.state === 'needs-sign-in') {
      throw new AppError('auth', account.stateReason ?? 'Sign in to this account again first.');
    }
    return accounts.clientFor(account);
  }

  return {
    accounts: {
      list: async () => accounts.list(),
      add: async (input) => {
        const account = await accounts.add(input);
        void refreshKeychain();
        return account;
      },
      remove: (id) => accounts.remove(id),
      verify: (id) => accounts.verify(id),
      reauthenticate: (id, credentials) => accounts.reauthenticate(id, credentials),
      rename: (id, label) => accounts.rename(id, label),
    },
    downloads: {
      snapshot: async () => feed.snapshot(),
      refresh: async () => {
        void refreshKeychain();
        await monitor.refreshNow();
      },
      cancel: async (key) => {
        const download = mustFindDownload(key);
        const client = await clientForAccount(download.accountId);
        const cancelled = await client.cancel(download.id);
        monitor.upsert(cancelled);
        return cancelled;
      },
      preview: async (input) => {
        const client = await clientForAccount(input.accountId);
        return client.preview(input);
      },
      start: async (input) => {
        const client = await clientForAccount(input.accountId);
        const download = await client.start(input);
        // Shown at once, before the next poll would find it.
        monitor.upsert(download);
        logger.info('download started', { accountId: input.accountId, key: download.key });
        return download;
      },
    },
    files: {
      save: async (key, options) => saves.save(mustFindDownload(key), options?.folder),
      cancelSave: (jobId, options) =>
        saver.cancel(jobId, { keepPartial: options?.keepPartial ?? settings.get().keepPartialOnCancel }),
      jobs: async () => saver.jobs(),
      reveal: (target) => ports.reveal(assertSavedPath(target, saver.jobs())),
      open: (target) => ports.open(assertSavedPath(target, saver.jobs())),
      chooseFolder: () => ports.chooseFolder(),
    },
    settings: {
      get: async () => settings.get(),
      update: async (patch) => settings.update(patch),
    },
    app: {
      status: async () => status.current(),
      focused: async () => monitor.focus(),
      // The URL passed the contract's allow-list in dispatch; the shell's port checks it again.
      openExternal: async (url) => {
        await ports.openExternal(url);
      },
    },
  };
}
