// createBackend(ports): the one implementation of the contract in preload/contract/. It only
// wires: settings, accounts, the monitor and the saver, and beside them one file per concern
// (api, dispatch, status, keychain status, save rules, auto-save, downloads feed, save
// notifications). The Electron shell and the browser harness only carry calls and events.
import type { AppNotification } from '../../../preload/contract/index.js';
import { createAccountService } from '../accounts/index.js';
import { createSaver } from '../files/index.js';
import { awayReport, createMonitor, planNotifications } from '../monitor/index.js';
import { createSettingsStore } from '../settings/index.js';
import { openStateStores } from '../stores/index.js';
import { createApi } from './api.js';
import { createAutoSave } from './auto-save.js';
import { createDispatch } from './dispatch.js';
import { DownloadsFeed } from './downloads-feed.js';
import { SaveProgressFeed } from './save-progress-feed.js';
import { createEventBus } from './event-bus.js';
import { createKeychainStatus, reportingVault } from './keychain-status.js';
import { planSaveNotification } from './save-notifications.js';
import { createSaveRules } from './save-rules.js';
import { createStatusTracker } from './status.js';
import { createSavedFiles } from './saved-files.js';
import { StartGuard } from './start-guard.js';
import { createCreditsTracker, PreviewCache } from '../credits/index.js';
import type { Backend, BackendPorts } from './types.js';

export function createBackend(ports: BackendPorts): Backend {
  const { clock, logger } = ports;
  const bus = createEventBus(logger);
  const emitStatus = (): void => bus.emit('status', status.current());
  const notify = (notifications: AppNotification[]): void => {
    for (const n of notifications) ports.notify.notify(n);
  };

  const settings = createSettingsStore({ store: ports.store, logger });
  // Settings and accounts share ports.store; the history and the save jobs have a file each.
  const state = openStateStores({ dir: ports.paths.userData, shared: ports.store, logger });
  const keychain = createKeychainStatus(ports.probeVault, emitStatus);

  const accounts = createAccountService({
    store: ports.store,
    vault: reportingVault(ports.vault, keychain),
    fetch: ports.fetch,
    clock,
    logger,
    ...(ports.defaultBaseUrls ? { defaultBaseUrls: ports.defaultBaseUrls } : {}),
    onChange: (list) => {
      bus.emit('accounts', list);
      monitor.accountsChanged();
      credits.accountsChanged();
      emitStatus();
    },
    onRemoved: (accountId) => {
      previews.forgetAccount(accountId);
      return monitor.forget(accountId);
    },
  });

  // Credits per account, counts already paid for, one start per click.
  const credits = createCreditsTracker({
    clock,
    logger,
    accounts: () => accounts.list(),
    clientFor: (accountId) => accounts.clientFor(accountId, { maxRetries: 0 }),
    onChange: (list) => bus.emit('credits', list),
  });
  const previews = new PreviewCache();
  const starts = new StartGuard();

  const monitor = createMonitor({
    clock,
    store: state.history,
    settings: () => settings.get(),
    accounts: () => accounts.list(),
    clientFor: (account, hooks) =>
      accounts.clientFor(account, {
        ...(ports.random ? { random: ports.random } : {}),
        onRetryWait: hooks.onRetryWait,
        onDuplicate: (id) =>
          logger.warn('Datafiniti listed a download twice; the first copy is kept', {
            accountId: account.id,
            id,
          }),
      }),
    logger,
    ...(ports.random ? { random: ports.random } : {}),
    onDownloads: (upserts, removals) => feed.changed(upserts, removals),
    onEvents: (events, meta) => {
      notify(planNotifications(events, settings.get(), meta));
      if (meta.startup) {
        const report = awayReport(events, settings.get(), clock.now());
        if (report) {
          status.setAway(report);
          emitStatus();
        }
      }
      autoSave(events);
      const finished = events.filter((e) => e.kind === 'completed' || e.kind === 'cancelled');
      for (const accountId of new Set(finished.map((e) => e.download.accountId))) {
        void credits.refresh(accountId);
      }
    },
    onStatus: () => emitStatus(),
    onAuthFailure: (accountId, error) => {
      // The API's own text ("Invalid token.", "Please provide your token...") tells a person
      // nothing to do; the account gets the app's words: TOKEN_REJECTED_REASON, or
      // TOKEN_MISSING_REASON when no token was sent because the keychain no longer has it.
      accounts.markNeedsSignIn(
        accountId,
        error.detail?.['tokenMissing'] === true ? error.message : undefined,
      );
    },
  });

  const saveProgress = new SaveProgressFeed();
  const feed = new DownloadsFeed(
    () => monitor.downloads(),
    (patch) => bus.emit('downloads', patch),
  );

  const saver = createSaver({
    fetch: ports.fileFetch ?? ports.fetch,
    clock,
    store: state.saveJobs,
    logger,
    refreshDownload: async (download) => {
      const client = await accounts.clientFor(download.accountId);
      const fresh = await client.get(download.id);
      monitor.upsert(fresh);
      return fresh;
    },
    onJob: (job) => {
      savedFiles.jobChanged(job);
      bus.emit('saves', saveProgress.update(savedFiles.withCombine(job)));
      if (job.state !== 'running') emitStatus();
    },
    onEvent: (event) => {
      const n = planSaveNotification(event, settings.get());
      if (n) notify([n]);
    },
  });

  const status = createStatusTracker({
    keychain: () => keychain.current(),
    accounts: () => monitor.statuses(),
    settings: () => settings.get(),
    saves: () => saver.jobs(),
    savesQueued: () => savedFiles.queued(),
  });

  const saves = createSaveRules({
    saver,
    settings: () => settings.get(),
    account: (id) => accounts.get(id),
    paths: ports.paths,
  });
  const autoSave = createAutoSave({
    settings: () => settings.get(),
    downloads: () => monitor.downloads(),
    alreadySaving: (key) => saves.alreadySaving(key),
    enqueue: (keys) => savedFiles.queueSaves(keys),
  });

  const savedFiles = createSavedFiles({
    saver,
    store: state.saveJobs,
    clock,
    logger,
    settings: () => settings.get(),
    downloads: () => monitor.downloads(),
    accountLabel: (id) => accounts.get(id)?.label ?? '',
    save: (download, folder) => saves.save(download, folder),
    chooseSaveFile: (request) => ports.chooseSaveFile(request),
    emitJob: (job) => bus.emit('saves', saveProgress.update(job)),
    emitStatus: () => emitStatus(),
  });

  const api = createApi({
    credits,
    previews,
    starts,
    savedFiles,
    ports,
    accounts,
    monitor,
    saver,
    settings,
    feed,
    status,
    refreshKeychain: () => keychain.refresh(),
    logger,
    now: () => clock.now(),
    emitStatus,
  });

  settings.onChange((next, previous) => {
    bus.emit('settings', next);
    if (
      next.pollFastSeconds !== previous.pollFastSeconds ||
      next.pollSlowSeconds !== previous.pollSlowSeconds ||
      next.autoSave !== previous.autoSave ||
      next.saveBeforeExpiryHours !== previous.saveBeforeExpiryHours
    ) {
      monitor.settingsChanged();
    }
    if (next.startAtLogin !== previous.startAtLogin) ports.setStartAtLogin?.(next.startAtLogin);
    if (next.notificationsPaused !== previous.notificationsPaused) emitStatus();
  });

  return {
    api,
    call: createDispatch(api, logger),
    subscribe: (listener) => bus.subscribe(listener),
    view: () => ({
      downloads: monitor.downloads(),
      status: status.current(),
      settings: settings.get(),
      saves: saver.jobs().map(savedFiles.withCombine),
    }),
    signals: {
      online(next) {
        if (!status.setOnline(next)) return;
        monitor.setOnline(next);
        emitStatus();
      },
      sleep: () => monitor.sleep(),
      wake: () => monitor.wake(),
    },
    navigate: (downloadKey) => bus.emit('navigate', { view: 'download', downloadKey }),
    saveAllCompleted: async () => savedFiles.saveAllCompleted(undefined),
    async start() {
      await keychain.refresh();
      monitor.start();
      credits.start();
      await saver.resumePending();
      savedFiles.resumePending();
    },
    async dispose() {
      monitor.stop();
      credits.stop();
      await savedFiles.dispose();
      await saver.dispose();
      bus.clear();
    },
  };
}
