// The NotifyPort on Electron's Notification. A click opens the window on the download; the Save
// button (macOS and Windows) saves it. Which event carries what, per platform, is decided in
// core/shell-model/notification-activation.ts. Shown notifications are held so they are not
// collected (and their click handlers lost) while still on screen or in the Action Center.
import { Notification } from 'electron';
import type { AppNotification } from '../../../preload/contract/index.js';
import type { Logger, NotifyPort } from '../../core/ports.js';
import { isSaveAction, notificationOptions } from './notification-options.js';
import {
  REMEMBERED_NOTIFICATIONS,
  actionsViaInstance,
  activationCommand,
  keepAfterClose,
  notificationId,
} from './notification-activation.js';

export interface NotificationHandlers {
  open(downloadKey: string | null): void;
  save(downloadKey: string): void;
}

export function createElectronNotifier(handlers: NotificationHandlers, logger: Logger): NotifyPort {
  const platform = process.platform;
  const live = new Map<string, { n: AppNotification; note: Notification }>();
  let sequence = 0;
  const hasHandleActivation = typeof Notification.handleActivation === 'function';
  let activationRegistered = false;

  const run = (command: ReturnType<typeof activationCommand>) => {
    if (command.type === 'save') handlers.save(command.downloadKey);
    else handlers.open(command.downloadKey);
  };

  return {
    notify(n: AppNotification) {
      if (!Notification.isSupported()) return;
      if (hasHandleActivation && !activationRegistered) {
        activationRegistered = true;
        Notification.handleActivation((details) =>
          run(activationCommand(details, (id) => live.get(id)?.n, platform)),
        );
      }
      const id = notificationId(++sequence);
      const note = new Notification({ ...notificationOptions(n, platform), id });
      live.set(id, { n, note });
      for (const old of [...live.keys()].slice(0, Math.max(0, live.size - REMEMBERED_NOTIFICATIONS))) {
        live.delete(old);
      }
      const forget = () => live.delete(id);
      note.on('click', () => {
        forget();
        handlers.open(n.downloadKey);
      });
      if (actionsViaInstance(platform, hasHandleActivation)) {
        note.on('action', (details) => {
          forget();
          if (n.downloadKey !== null && isSaveAction(n, platform, details.actionIndex)) {
            handlers.save(n.downloadKey);
          }
        });
      }
      note.on('close', (details) => {
        if (!keepAfterClose(platform, details.reason)) forget();
      });
      note.on('failed', (_event, error) => {
        forget();
        logger.warn('notification failed', { kind: n.kind, error });
      });
      note.show();
    },
  };
}
