// The NotifyPort on Electron's Notification. A click opens the window on the download; the
// Save button (macOS only) saves it. Shown notifications are held so they are not collected
// (and their click handlers lost) while still on screen.
import { Notification } from 'electron';
import type { AppNotification } from '../../../preload/contract/index.js';
import type { NotifyPort } from '../../core/ports.js';
import { isSaveAction, notificationOptions } from './notification-options.js';

export interface NotificationHandlers {
  open(downloadKey: string | null): void;
  save(downloadKey: string): void;
}

export function createElectronNotifier(handlers: NotificationHandlers): NotifyPort {
  const live = new Set<Notification>();
  return {
    notify(n: AppNotification) {
      if (!Notification.isSupported()) return;
      const note = new Notification(notificationOptions(n, process.platform));
      live.add(note);
      const forget = () => live.delete(note);
      note.on('click', () => {
        forget();
        handlers.open(n.downloadKey);
      });
      note.on('action', (_event, index) => {
        forget();
        if (n.downloadKey !== null && isSaveAction(n, process.platform, index)) handlers.save(n.downloadKey);
      });
      note.on('close', forget);
      note.on('failed', forget);
      note.show();
    },
  };
}
