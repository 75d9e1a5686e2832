// Everything the views share besides the downloads: accounts, settings, status, save jobs,
// the current view and selection, and the screen-reader announcer.
import type {
  Account,
  AppStatus,
  Download,
  SaveJob,
  SaveJobUpdate,
  Settings,
  WindowShortcut,
} from '../../../preload/contract/index.js';
import { mergeSaveUpdate } from '../../../preload/contract/save-progress.js';
import { bridge, errorInfo, hasBridge } from './bridge.js';
import { DownloadsStore } from './downloads.svelte.js';

export type ViewName = 'downloads' | 'accounts' | 'settings';

class AppState {
  downloads = new DownloadsStore();
  accounts = $state.raw<Account[]>([]);
  accountsLoaded = $state(false);
  settings = $state.raw<Settings | null>(null);
  status = $state.raw<AppStatus | null>(null);
  /** Latest save job per download key. */
  jobs = $state.raw<ReadonlyMap<string, SaveJob>>(new Map());
  view = $state<ViewName>('downloads');
  selectedKey = $state<string | null>(null);
  /** Account whose sign-in form should open on the Accounts page. */
  fixAccountId = $state<string | null>(null);
  announcement = $state('');
  /** The app menu asked for one of the window's shortcuts; App.svelte runs it. */
  shortcut = $state<{ name: WindowShortcut; at: number } | null>(null);
  startError = $state<string | null>(null);
  /** Help → About asked for the About card; SettingsView scrolls to it and clears this. */
  aboutAsked = $state<number | null>(null);

  accountLabel = $derived(new Map(this.accounts.map((a) => [a.id, a.label])));

  #started = false;

  announce(text: string): void {
    // Re-setting the same text would not be read again: clear first.
    this.announcement = '';
    queueMicrotask(() => (this.announcement = text));
  }

  show(view: ViewName): void {
    this.view = view;
  }

  /** Settings, scrolled to the About card with focus on its heading (SettingsView does that). */
  showAbout(): void {
    this.view = 'settings';
    this.aboutAsked = Date.now();
  }

  open(key: string): void {
    this.view = 'downloads';
    this.selectedKey = key;
  }

  job(key: string): SaveJob | undefined {
    return this.jobs.get(key);
  }

  #putJob(job: SaveJob): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh copy, published whole to $state.raw
    const next = new Map(this.jobs);
    next.set(job.downloadKey, job);
    this.jobs = next;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    // Without the preload's bridge nothing works; say so instead of failing on the first call.
    if (!hasBridge()) {
      this.startError =
        'the connection to the app’s core is missing. Restart the app; reinstall it if this persists.';
      this.accountsLoaded = true;
      return;
    }
    const api = bridge();
    api.on('downloads', (p) => this.downloads.receive(p));
    api.on('accounts', (a) => (this.accounts = a));
    api.on('settings', (s) => (this.settings = s));
    api.on('status', (s) => (this.status = s));
    api.on('navigate', (to) => {
      if (to.view === 'settings') this.show('settings');
      else if (to.view === 'about') this.showAbout();
      else if (to.view === 'shortcut') this.shortcut = { name: to.shortcut, at: Date.now() };
      else this.open(to.downloadKey);
    });
    api.on('saves', (update) => this.#saveUpdate(update));
    this.downloads.onChange((before, after) => this.#announceDownload(before, after));
    const results = await Promise.allSettled([
      this.downloads.load(),
      api.accounts.list().then((a) => (this.accounts = a)),
      api.settings.get().then((s) => (this.settings = s)),
      api.app.status().then((s) => (this.status = s)),
      this.#loadJobs(),
    ]);
    this.accountsLoaded = true;
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) this.startError = errorInfo(failed.reason).message;
    window.addEventListener('focus', () => void api.app.focused().catch(() => {}));
  }

  #jobsLoading: Promise<void> | null = null;

  /** Whole jobs: the base the progress events' per-file changes are merged onto. */
  #loadJobs(): Promise<void> {
    this.#jobsLoading ??= bridge()
      .files.jobs()
      .then((jobs) => {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh copy, published whole to $state.raw
        const next = new Map(this.jobs);
        for (const j of jobs) next.set(j.downloadKey, j);
        this.jobs = next;
      })
      .finally(() => (this.#jobsLoading = null));
    return this.#jobsLoading;
  }

  #saveUpdate(update: SaveJobUpdate): void {
    const before = this.jobs.get(update.downloadKey);
    const job = mergeSaveUpdate(before, update);
    if (!job) {
      // Changes to a job this window holds no whole copy of (it opened mid-save): ask for it.
      void this.#loadJobs().catch(() => {});
      return;
    }
    this.#putJob(job);
    if (before?.state !== job.state) this.#announceSave(job);
  }

  #announceDownload(before: Download | undefined, after: Download): void {
    if (!before || before.status === after.status) return;
    if (['completed', 'failed', 'cancelled'].includes(after.status)) {
      this.announce(`Download ${after.id} ${after.status}.`);
    }
  }

  #announceSave(job: SaveJob): void {
    if (job.state === 'completed') this.announce(`Saved files to ${job.folder}.`);
    else if (job.state === 'failed')
      this.announce(`Saving failed: ${job.error?.message ?? 'unknown error'}.`);
  }
}

export const app = new AppState();
