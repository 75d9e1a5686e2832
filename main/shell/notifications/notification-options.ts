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

export function notificationOptions(n: AppNotification, platform: string): NotificationOptions {
  const canSave = n.canSave && n.downloadKey !== null && (platform === 'darwin' || platform === 'win32');
  return {
    title: n.title || APP_NAME,
    body: n.body,
    actions: canSave ? [{ type: 'button', text: 'Save' }] : [],
    timeoutType: n.kind === 'failed' || n.kind === 'save-failed' ? 'never' : 'default',
    silent: false,
  };
}

/** Whether an `action` event with this index is our Save button. */
export function isSaveAction(n: AppNotification, platform: string, actionIndex: number): boolean {
  return notificationOptions(n, platform).actions.length > 0 && actionIndex === SAVE_ACTION_INDEX;
}
