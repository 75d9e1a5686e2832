// Everything the tray shows, as data: which icon, the tooltip and the menu. The shell only
// turns this into a Tray and a Menu, and maps each command onto the backend.
import type { ShellView } from '../../core/backend/types.js';
import { savableCompleted } from '../../core/files/bulk-savable.js';
import { UPDATE_READY_LABEL } from '../../core/support/update-policy.js';
import { isActive, type Download, type DownloadKey } from '../../../preload/contract/index.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

export type TrayIconState = 'idle' | 'running' | 'attention';

export type TrayCommand =
  | { type: 'open' }
  | { type: 'open-download'; downloadKey: DownloadKey }
  | { type: 'save-all-completed' }
  | { type: 'refresh' }
  | { type: 'toggle-notifications'; paused: boolean }
  | { type: 'open-logs-folder' }
  | { type: 'restart-to-update' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'item'; label: string; enabled: boolean; command: TrayCommand | null }
  | { kind: 'checkbox'; label: string; checked: boolean; command: TrayCommand };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;
const MENU_MAX_RUNNING = 8;
const QUERY_MAX = 40;
/** A failure stays "needs attention" for a day; older ones are history. */
const RECENT_FAILURE_MS = 24 * 3600_000;

function percent(progress: number | null): string {
  return progress === null ? '…' : `${Math.floor(Math.min(Math.max(progress, 0), 1) * 100)}%`;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** The contract's rule: a download Datafiniti no longer has is not running, whatever it last said. */
function isRunning(d: Download): boolean {
  return isActive(d);
}

function lastChange(d: Download): number {
  const t = Date.parse(d.completedAt ?? d.updatedAt ?? d.startedAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function savedKeys(view: ShellView): Set<DownloadKey> {
  return new Set(view.saves.filter((s) => s.state === 'completed').map((s) => s.downloadKey));
}

/** Completed downloads, not yet saved, whose first link expires within the warning window. */
export function expiringSoon(view: ShellView, now: number): Download[] {
  const saved = savedKeys(view);
  const windowMs = Math.max(view.settings.saveBeforeExpiryHours, 1) * 3600_000;
  return view.downloads.filter((d) => {
    if (d.status !== 'completed' || saved.has(d.key)) return false;
    return d.files.some((f) => {
      const at = f.expiresAt ? Date.parse(f.expiresAt) : NaN;
      return !Number.isNaN(at) && at > now && at - now <= windowMs;
    });
  });
}

export interface AttentionReasons {
  failed: number;
  signIn: number;
  expiring: number;
}

export function attentionReasons(view: ShellView, now: number): AttentionReasons {
  return {
    failed: view.downloads.filter((d) => d.status === 'failed' && now - lastChange(d) <= RECENT_FAILURE_MS)
      .length,
    signIn: view.status.accounts.filter((a) => a.state === 'needs-sign-in').length,
    expiring: expiringSoon(view, now).length,
  };
}

export function trayIconState(view: ShellView, now: number): TrayIconState {
  const r = attentionReasons(view, now);
  if (r.failed + r.signIn + r.expiring > 0) return 'attention';
  return view.downloads.some(isRunning) ? 'running' : 'idle';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function trayTooltip(view: ShellView, now: number): string {
  const running = view.downloads.filter(isRunning);
  const r = attentionReasons(view, now);
  const parts: string[] = [];
  if (!view.status.online) parts.push('offline');
  if (running.length === 1) parts.push(`1 running (${percent(running[0]!.progress)})`);
  else if (running.length > 1) parts.push(`${running.length} running`);
  if (r.failed) parts.push(`${plural(r.failed, 'download')} failed`);
  if (r.signIn) parts.push(`${plural(r.signIn, 'account')} need${r.signIn === 1 ? 's' : ''} sign-in`);
  if (r.expiring) parts.push(`${plural(r.expiring, 'link set')} expiring`);
  if (view.status.savesRunning) parts.push(`saving ${view.status.savesRunning}`);
  if (parts.length === 0) parts.push(view.status.accounts.length ? 'all idle' : 'no accounts');
  const text = `${APP_NAME}: ${parts.join(', ')}`;
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/**
 * Electron reads a single `&` in a menu label as a mnemonic marker and drops it (on every
 * platform; `&&` shows one `&`: electron/electron#9584, #9978), so `Johnson & Johnson` in a
 * query would read `Johnson  Johnson`.
 */
function menuText(text: string): string {
  // Bidi controls (U+202A–U+202E, U+2066–U+2069) are dropped: a U+202E in a query would turn the
  // rest of the label around, and a menu item has no way to isolate it.
  return text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').replace(/&/g, '&&');
}

export function downloadMenuLabel(d: Download): string {
  const what = d.dataType ?? 'download';
  const state =
    d.status === 'queued' ? 'queued' : d.status === 'unknown' ? 'status unknown' : percent(d.progress);
  const query = d.query ? ` · ${menuText(shorten(d.query, QUERY_MAX))}` : '';
  return `${what} ${state}${query}`;
}

/** What the tray shows beyond the backend's view: whether a downloaded update waits for a restart. */
export interface TraySupport {
  updateReady: boolean;
}

export function trayModel(
  view: ShellView,
  now: number,
  support: TraySupport = { updateReady: false },
): TrayModel {
  const running = view.downloads.filter(isRunning).sort((a, b) => lastChange(b) - lastChange(a));
  // The same rule as the list's "Save all completed": unsaved, links still working, not queued.
  const queued = new Set(view.status.savesQueued ?? []);
  const unsaved = savableCompleted(view.downloads, view.saves, now).some((d) => !queued.has(d.key));
  const menu: TrayMenuItem[] = [];
  if (support.updateReady) {
    menu.push(
      { kind: 'item', label: UPDATE_READY_LABEL, enabled: true, command: { type: 'restart-to-update' } },
      { kind: 'separator' },
    );
  }
  if (running.length === 0) {
    menu.push({ kind: 'item', label: 'No downloads running', enabled: false, command: null });
  } else {
    for (const d of running.slice(0, MENU_MAX_RUNNING)) {
      menu.push({
        kind: 'item',
        label: downloadMenuLabel(d),
        enabled: true,
        command: { type: 'open-download', downloadKey: d.key },
      });
    }
    if (running.length > MENU_MAX_RUNNING) {
      menu.push({
        kind: 'item',
        label: `and ${running.length - MENU_MAX_RUNNING} more…`,
        enabled: true,
        command: { type: 'open' },
      });
    }
  }
  const paused = view.settings.notificationsPaused;
  menu.push(
    { kind: 'separator' },
    { kind: 'item', label: 'Save all completed', enabled: unsaved, command: { type: 'save-all-completed' } },
    { kind: 'item', label: 'Refresh now', enabled: true, command: { type: 'refresh' } },
    {
      kind: 'checkbox',
      label: 'Pause notifications',
      checked: paused,
      command: { type: 'toggle-notifications', paused: !paused },
    },
    { kind: 'item', label: 'Open logs folder', enabled: true, command: { type: 'open-logs-folder' } },
    { kind: 'separator' },
    { kind: 'item', label: `Open ${APP_NAME}`, enabled: true, command: { type: 'open' } },
    { kind: 'item', label: 'Quit', enabled: true, command: { type: 'quit' } },
  );
  return { icon: trayIconState(view, now), tooltip: trayTooltip(view, now), menu };
}

/**
 * The icon file for a state, relative to the app root; dark is for dark taskbars/panels.
 * macOS: a template image (a name ending in "Template", docs/api/native-image.md), which the
 * menu bar tints for light, dark and highlighted states itself. Windows: an .ico holding 16 and
 * 32 px, so the tray picks the size for the display's scale (docs/api/tray.md recommends .ico).
 * Linux: the 22 px PNG with its @2x sibling.
 */
export function trayIconFile(state: TrayIconState, dark: boolean, platform: string): string {
  if (platform === 'darwin') return `build/tray/${state}Template.png`;
  const variant = dark ? 'dark' : 'light';
  return platform === 'win32' ? `build/tray/${state}-${variant}.ico` : `build/tray/${state}-${variant}.png`;
}

/**
 * The window's own icon (BrowserWindow `icon`): only Linux reads it at run time; Windows takes
 * the executable's icon and macOS the bundle's.
 */
export function windowIconFile(platform: string): string | null {
  return platform === 'linux' ? 'build/icon.png' : null;
}
