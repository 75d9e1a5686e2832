// The contract's methods, each a short step into accounts, the monitor, the saver or the
// settings. Arguments arrive already parsed (dispatch.ts); these check only what the state of
// the app decides (is the download still listed, is the account signed in).
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import type { AccountService } from '../accounts/index.js';
import { AppError } from '../errors.js';
import { ChosenFolders } from './chosen-folders.js';
import type { Saver } from '../files/index.js';
import type { Monitor } from '../monitor/index.js';
import type { Logger } from '../ports.js';
import type { SettingsStore } from '../settings/index.js';
import type { DownloadsFeed } from './downloads-feed.js';
import { assertSavedPath } from './saved-paths.js';
import type { StatusTracker } from './status.js';
import type { BackendApi, BackendPorts } from './types.js';
import type { CreditsTracker, PreviewCache } from '../credits/index.js';
import { estimateStart } from '../credits/index.js';
import type { StartGuard } from './start-guard.js';
import type { SavedFiles } from './saved-files.js';
import { aboutInfo, APP_VERSION_UNKNOWN } from '../support/about.js';

export interface ApiDeps {
  ports: Pick<BackendPorts, 'reveal' | 'open' | 'openExternal' | 'chooseFolder' | 'support'>;
  credits: CreditsTracker;
  previews: PreviewCache;
  starts: StartGuard;
  savedFiles: SavedFiles;
  accounts: AccountService;
  monitor: Monitor;
  saver: Saver;
  settings: SettingsStore;
  feed: DownloadsFeed;
  status: StatusTracker;
  refreshKeychain: () => Promise<void>;
  logger: Logger;
  now: () => number;
  emitStatus: () => void;
}

export function createApi(deps: ApiDeps): BackendApi {
  const { ports, accounts, monitor, saver, settings, feed, status, refreshKeychain, logger } = deps;
  const { credits, previews, starts, savedFiles } = deps;
  const chosenFolders = new ChosenFolders();

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
      verify: async (id) => {
        const account = await accounts.verify(id);
        // Whoever checks an account also reads its figures, and the read is free.
        void credits.refresh(id);
        return account;
      },
      reauthenticate: (id, credentials) => accounts.reauthenticate(id, credentials),
      rename: (id, label) => accounts.rename(id, label),
      credits: async () => credits.all(),
    },
    downloads: {
      snapshot: async () => feed.snapshot(),
      page: async (after) => feed.page(after),
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
        // A count already paid for is answered again for free.
        const known = previews.get(input);
        if (known) return { numFound: known.numFound, totalCost: null, checkedAt: known.checkedAt };
        const client = await clientForAccount(input.accountId);
        const result = await client.preview(input);
        const checkedAt = new Date(deps.now()).toISOString();
        previews.put(input, { numFound: result.numFound, checkedAt });
        return { ...result, checkedAt };
      },
      start: (input) =>
        starts.run(input, async () => {
          const client = await clientForAccount(input.accountId);
          const download = await client.start(input);
          if (!accounts.get(input.accountId)) {
            // Removed while the start was on its way: listing it would bring back a download of
            // an account that is gone, which nothing polls and no Remove can clear.
            logger.warn('download started for an account removed meanwhile; not listed', {
              accountId: input.accountId,
              key: download.key,
            });
            throw new AppError(
              'not-found',
              `The download was started on Datafiniti (id ${download.id}), but its account was removed ` +
                'meanwhile, so the app is not watching it. Add the account again to see it.',
            );
          }
          // Shown at once, before the next poll would find it.
          monitor.upsert(download);
          logger.info('download started', { accountId: input.accountId, key: download.key });
          void credits.refresh(input.accountId);
          return download;
        }),
      estimate: async (input) => {
        const account = accounts.get(input.accountId);
        if (!account) throw new AppError('not-found', 'That account was removed.');
        return estimateStart(
          input,
          account.version,
          previews.get(input) ?? null,
          credits.get(input.accountId),
        );
      },
      exportList: (keys) => savedFiles.exportList(keys),
      watch: async (keys) => monitor.watch(keys),
    },
    files: {
      save: async (key, options) => {
        if (options?.folder !== undefined) chosenFolders.assertChosen(options.folder, null);
        return savedFiles.saveAndCombine(mustFindDownload(key), options?.combine, options?.folder);
      },
      cancelSave: (jobId, options) =>
        saver.cancel(jobId, { keepPartial: options?.keepPartial ?? settings.get().keepPartialOnCancel }),
      jobs: async () => saver.jobs().map(savedFiles.withCombine),
      reveal: (target) => ports.reveal(assertSavedPath(target, saver.jobs(), savedFiles.exportedFiles())),
      open: (target) => ports.open(assertSavedPath(target, saver.jobs())),
      chooseFolder: async () => chosenFolders.remember(await ports.chooseFolder()),
      saveMany: async (keys, options) => savedFiles.saveMany(keys, options?.combine),
      saveAllCompleted: async (options) => savedFiles.saveAllCompleted(options?.combine),
      preview: (key) => savedFiles.preview(key),
    },
    settings: {
      get: async () => settings.get(),
      update: async (patch) => {
        if (typeof patch.saveFolder === 'string') {
          chosenFolders.assertChosen(patch.saveFolder, settings.get().saveFolder, 'saveFolder');
        }
        return settings.update(patch);
      },
    },
    app: {
      status: async () => status.current(),
      focused: async () => monitor.focus(),
      dismissAway: async (id) => {
        if (status.dismissAway(id)) deps.emitStatus();
      },
      // The URL passed the contract's allow-list in dispatch; the shell's port checks it again.
      openExternal: async (url) => {
        await ports.openExternal(url);
      },
      about: async () =>
        ports.support?.about() ??
        aboutInfo({
          appVersion: APP_VERSION_UNKNOWN,
          versions: process.versions,
          logsFolder: null,
          update: null,
        }),
      openLogsFolder: async () => {
        if (!ports.support) throw new AppError('not-found', 'This copy of the app keeps no log files.');
        await ports.support.openLogsFolder();
      },
    },
  };
}
