// createBackend(ports): the one implementation of preload/contract.ts. It wires settings,
// accounts, the monitor and the saver together; the Electron shell and the browser harness
// only carry calls and events to and from it.
import path from 'node:path';
import type {
  AppStatus,
  BridgeEventName,
  BridgeEvents,
  CallResult,
  SaveJob,
} from '../../preload/contract.js';
import { createAccountService } from './accounts/index.js';
import { DownloadsFeed } from './backend/downloads-feed.js';
import { planSaveNotification } from './backend/save-notifications.js';
import { assertSavedPath } from './backend/saved-paths.js';
import type { Backend, BackendApi, BackendListener, BackendPorts } from './backend-types.js';
import { describeInvalid, isMethodName, methodArgs } from './contract-schemas.js';
import { AppError, toErrorInfo } from './errors.js';
import { createSaver, defaultSaveFolder } from './files/index.js';
import type { SaveEvent } from './files/index.js';
import type { AppNotification, Download, DownloadKey } from './model.js';
import { awayReport, createMonitor, planNotifications } from './monitor/index.js';
import type { DownloadEvent } from './monitor/index.js';
import { createSettingsStore } from './settings/index.js';
import { isAllowedExternalUrl } from './shell-model/external-url.js';

export function createBackend(ports: BackendPorts): Backend {
  const { clock, logger } = ports;
  const listeners = new Set<BackendListener>();
  const emit = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        logger.error('event listener failed', { event, reason: String(err) });
      }
    }
  };

  const settings = createSettingsStore({ store: ports.store, logger });
  let online = true;
  let keychain: AppStatus['keychain'] = { available: true, message: null };
  let away: AppStatus['away'] = null;

  const accounts = createAccountService({
    store: ports.store,
    vault: ports.vault,
    fetch: ports.fetch,
    clock,
    logger,
    ...(ports.defaultBaseUrls ? { defaultBaseUrls: ports.defaultBaseUrls } : {}),
    onChange: (list) => {
      emit('accounts', list);
      monitor.accountsChanged();
      emitStatus();
    },
    onRemoved: (accountId) => monitor.forget(accountId),
  });

  const notify = (notifications: AppNotification[]): void => {
    for (const n of notifications) ports.notify.notify(n);
  };

  const monitor = createMonitor({
    clock,
    store: ports.store,
    settings: () => settings.get(),
    accounts: () => accounts.list(),
    clientFor: (account) =>
      accounts.clientFor(account, {
        ...(ports.random ? { random: ports.random } : {}),
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
          away = report;
          emitStatus();
        }
      }
      autoSave(events);
    },
    onStatus: () => emitStatus(),
    onAuthFailure: (accountId) => {
      // The API's own text ("Invalid token.", "Please provide your token...") tells a person
      // nothing to do; the account gets the app's words (TOKEN_REJECTED_REASON).
      accounts.markNeedsSignIn(accountId);
    },
  });

  const feed = new DownloadsFeed(
    () => monitor.downloads(),
    (patch) => emit('downloads', patch),
  );

  const saver = createSaver({
    fetch: ports.fileFetch ?? ports.fetch,
    clock,
    store: ports.store,
    logger,
    refreshDownload: async (download) => {
      const client = await accounts.clientFor(download.accountId);
      const fresh = await client.get(download.id);
      monitor.upsert(fresh);
      return fresh;
    },
    onJob: (job) => {
      emit('saves', job);
      if (job.state !== 'running') emitStatus();
    },
    onEvent: (event: SaveEvent) => {
      const n = planSaveNotification(event, settings.get());
      if (n) notify([n]);
    },
  });

  function status(): AppStatus {
    return {
      online,
      keychain,
      accounts: monitor.statuses(),
      notificationsPaused: settings.get().notificationsPaused,
      savesRunning: saver.jobs().filter((j) => j.state === 'running' || j.state === 'queued').length,
      away,
    };
  }
  function emitStatus(): void {
    emit('status', status());
  }

  async function refreshKeychain(): Promise<void> {
    const next = await ports.probeVault();
    if (next.available !== keychain.available || next.message !== keychain.message) {
      keychain = next;
      emitStatus();
    }
  }

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

  function saveFolderFor(download: Download, chosen?: string): string {
    if (chosen) return path.resolve(chosen);
    const parent = settings.get().saveFolder ?? path.join(ports.paths.downloads, 'Datafiniti');
    const label = accounts.get(download.accountId)?.label ?? '';
    return defaultSaveFolder(parent, label, download.id);
  }

  function save(download: Download, folder?: string): Promise<SaveJob> {
    if (download.status !== 'completed' && download.status !== 'cancelled') {
      throw new AppError('invalid-input', 'Only completed or cancelled downloads have files to save.');
    }
    if (download.files.length === 0) {
      throw new AppError('not-found', 'Datafiniti has not listed any files for this download yet.');
    }
    return saver.save(download, {
      folder: saveFolderFor(download, folder),
      accountLabel: accounts.get(download.accountId)?.label ?? null,
      parallelFiles: settings.get().parallelFiles,
    });
  }

  function alreadySaving(key: DownloadKey): boolean {
    return saver.jobs().some((j) => j.downloadKey === key && j.state !== 'failed' && j.state !== 'cancelled');
  }

  /** Auto-save on completion, and before links expire for anything left unsaved. */
  function autoSave(events: DownloadEvent[]): void {
    const { autoSave: enabled, saveBeforeExpiryHours } = settings.get();
    if (!enabled) return;
    for (const event of events) {
      const wanted =
        event.kind === 'completed' ||
        (event.kind === 'links-expiring' && (event.hoursLeft ?? 0) <= saveBeforeExpiryHours);
      if (!wanted || alreadySaving(event.downloadKey)) continue;
      const download = monitor.downloads().find((d) => d.key === event.downloadKey) ?? event.download;
      if (download.files.length === 0) continue;
      void Promise.resolve()
        .then(() => save(download))
        .catch((err: unknown) =>
          logger.warn('auto-save did not start', { key: download.key, reason: String(err) }),
        );
    }
  }

  const api: BackendApi = {
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
      save: async (key, options) => save(mustFindDownload(key), options?.folder),
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
      status: async () => status(),
      focused: async () => monitor.focus(),
      dismissAway: async (id) => {
        if (away?.id !== id) return;
        away = null;
        emitStatus();
      },
      openExternal: async (url) => {
        if (!isAllowedExternalUrl(url)) {
          throw new AppError('invalid-input', 'Only Datafiniti pages open from the app.');
        }
        await ports.openExternal(url);
      },
    },
  };

  settings.onChange((next, previous) => {
    emit('settings', next);
    if (
      next.pollFastSeconds !== previous.pollFastSeconds ||
      next.pollSlowSeconds !== previous.pollSlowSeconds
    ) {
      monitor.settingsChanged();
    }
    if (next.startAtLogin !== previous.startAtLogin) ports.setStartAtLogin?.(next.startAtLogin);
    if (next.notificationsPaused !== previous.notificationsPaused) emitStatus();
  });

  /** Untrusted calls from a transport: checked, run, and answered without a stack. */
  async function call(method: string, args: unknown): Promise<CallResult<unknown>> {
    if (!isMethodName(method)) {
      logger.warn('unknown method refused', { method: String(method).slice(0, 60) });
      return { ok: false, error: { code: 'invalid-input', message: 'Unknown request.', retryable: false } };
    }
    const parsed = methodArgs[method].safeParse(withoutTrailingUndefined(args));
    if (!parsed.success) {
      logger.warn('malformed call refused', { method });
      const { message, field } = describeInvalid(parsed.error);
      return {
        ok: false,
        error: { code: 'invalid-input', message, retryable: false, ...(field ? { detail: { field } } : {}) },
      };
    }
    const [group, name] = method.split('.') as [keyof BackendApi, string];
    const fn = (api[group] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
    try {
      const value = await fn(...(parsed.data as unknown[]));
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const error = toErrorInfo(err);
      // Logged without the arguments: they may hold a token or a password.
      logger.warn('call failed', { method, code: error.code });
      return { ok: false, error };
    }
  }

  return {
    api,
    call,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    view: () => ({
      downloads: monitor.downloads(),
      status: status(),
      settings: settings.get(),
      saves: saver.jobs(),
    }),
    signals: {
      online(next) {
        if (next === online) return;
        online = next;
        monitor.setOnline(next);
        emitStatus();
      },
      sleep: () => monitor.sleep(),
      wake: () => monitor.wake(),
    },
    navigate: (downloadKey) => emit('navigate', { view: 'download', downloadKey }),
    async saveAllCompleted() {
      const todo = monitor
        .downloads()
        .filter((d) => d.status === 'completed' && d.files.length > 0 && !alreadySaving(d.key));
      const jobs: SaveJob[] = [];
      for (const d of todo) jobs.push(await save(d));
      return jobs;
    },
    async start() {
      await refreshKeychain();
      monitor.start();
      await saver.resumePending();
    },
    async dispose() {
      monitor.stop();
      await saver.dispose();
      listeners.clear();
    },
  };
}

/**
 * `files.save(key, undefined)` means `files.save(key)`: an optional argument left undefined
 * arrives as a trailing undefined over IPC, which the argument tuples would otherwise refuse.
 */
function withoutTrailingUndefined(args: unknown): unknown {
  if (args === undefined || args === null) return [];
  if (!Array.isArray(args)) return args;
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}
