// How a click on a desktop notification finds its way back, per platform (Electron 45):
// - every notification has an id (`NotificationConstructorOptions.id`: the toast's Tag on
//   Windows, the request identifier on macOS);
// - on Windows a toast that times out fires `close` (reason `timedOut`) and waits in the Action
//   Center, where it can be clicked later, possibly after its object is gone; the static
//   `Notification.handleActivation` callback sees such clicks, "in addition to instance events"
//   when the object still exists (electron.d.ts). A button's activation carries
//   "type=action&action=<i>&tag=<id>" (shell/browser/notifications/win/windows_toast_notification.cc);
//   a click on the body carries no tag.
// So on Windows the Save button is handled only through handleActivation (never twice), and a
// body click through the object's `click` while it lives (it knows its download) plus
// handleActivation, which can only bring the window up.
import type { AppNotification } from '../../../preload/contract/index.js';
import { isSaveAction } from './notification-options.js';

/** Notifications remembered for late clicks; older ones can still bring the window up. */
export const REMEMBERED_NOTIFICATIONS = 100;

/** Windows toast tags are at most 64 characters (ToastNotification.Tag); these stay well below. */
export function notificationId(sequence: number): string {
  return `dfd-${sequence}`;
}

export interface ActivationDetails {
  type: string;
  actionIndex?: number | undefined;
  arguments: string;
}

export type ActivationCommand =
  { type: 'save'; downloadKey: string } | { type: 'open'; downloadKey: string | null };

/** The toast's id in an activation's arguments, when it has one. */
export function activationTag(details: ActivationDetails): string | null {
  try {
    return new URLSearchParams(details.arguments).get('tag') || null;
  } catch {
    return null;
  }
}

/** What a Windows activation asks for; `find` looks a remembered notification up by id. */
export function activationCommand(
  details: ActivationDetails,
  find: (id: string) => AppNotification | undefined,
  platform: string,
): ActivationCommand {
  const tag = activationTag(details);
  const n = tag === null ? undefined : find(tag);
  if (details.type === 'action' && n && n.downloadKey !== null) {
    const index = details.actionIndex ?? -1;
    if (isSaveAction(n, platform, index)) return { type: 'save', downloadKey: n.downloadKey };
  }
  return { type: 'open', downloadKey: n?.downloadKey ?? null };
}

/** Whether the object's own `action` event is used (elsewhere handleActivation has it). */
export function actionsViaInstance(platform: string, hasHandleActivation: boolean): boolean {
  return !(platform === 'win32' && hasHandleActivation);
}

/** Whether to keep a notification after `close`: a timed-out Windows toast can still be clicked. */
export function keepAfterClose(platform: string, reason: string | undefined): boolean {
  return platform === 'win32' && reason === 'timedOut';
}
