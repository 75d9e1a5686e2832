// What a desktop notification shows, from the core's AppNotification. Action buttons work on
// macOS (signed, alert style) and on Windows toasts (docs/api/structures/notification-action.md);
// Linux shows none, so the Save button is offered only on the first two.
import type { AppNotification } from '../../../preload/contract/index.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

export interface NotificationOptions {
  title: string;
  body: string;
  actions: { type: 'button'; text: string }[];
  /** Failures stay until dismissed; the rest may time out. */
  timeoutType: 'default' | 'never';
  silent: boolean;
}

const SAVE_ACTION_INDEX = 0;

/**
 * On Linux Electron hands the body to libnotify as it is (libnotify_notification.cc:
 * `notify_notification_new(title, msg, …)`, no escaping), and the notification servers that
 * show body markup (GNOME Shell, KDE, xfce4-notifyd, dunst) read `&`, `<` and `>` as markup
 * (Desktop Notifications spec, "Markup"): a query such as `brand:"Johnson & Johnson"` left the
 * body empty on XFCE. Escaped, it reads as typed. The title is plain text by the spec.
 */
function linuxBody(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notificationOptions(n: AppNotification, platform: string): NotificationOptions {
  const canSave = n.canSave && n.downloadKey !== null && (platform === 'darwin' || platform === 'win32');
  return {
    title: n.title || APP_NAME,
    body: platform === 'linux' ? linuxBody(n.body) : n.body,
    actions: canSave ? [{ type: 'button', text: 'Save' }] : [],
    timeoutType: n.kind === 'failed' || n.kind === 'save-failed' ? 'never' : 'default',
    silent: false,
  };
}

/** Whether an `action` event with this index is our Save button. */
export function isSaveAction(n: AppNotification, platform: string, actionIndex: number): boolean {
  return notificationOptions(n, platform).actions.length > 0 && actionIndex === SAVE_ACTION_INDEX;
}
