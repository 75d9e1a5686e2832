// The IPC transport: one handler for every contract method, and backend events out to the
// window. It routes and refuses; the backend validates arguments and does the work.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Backend } from '../../core/backend/types.js';
import type { Logger } from '../../core/ports.js';
import {
  forbiddenResult,
  internalErrorResult,
  refusedCallLogFields,
  unknownMethodResult,
} from './ipc-call.js';
import { isTrustedSender, type IpcSender, type TrustedOrigin } from './trusted-sender.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../preload/contract/channels.js';
import { isMethodName } from '../../../preload/contract/bridge.js';

export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    senderFrameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
    webContentsId: event.sender.id,
  };
}

export function registerIpc(backend: Backend, trust: () => TrustedOrigin, logger: Logger): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    const sender = senderOf(event);
    if (!isTrustedSender(sender, trust())) {
      logger.warn('ipc: refused a call from an untrusted sender', refusedCallLogFields(method, sender));
      return forbiddenResult();
    }
    if (!isMethodName(method)) {
      logger.warn('ipc: refused an unknown method', refusedCallLogFields(method, sender));
      return unknownMethodResult();
    }
    try {
      return await backend.call(method, args);
    } catch (err) {
      // backend.call promises never to throw; if it does, the renderer still gets an answer.
      logger.error('ipc: backend.call threw', {
        method,
        error: err instanceof Error ? err.message : String(err),
      });
      return internalErrorResult();
    }
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Every backend event goes to the window, if it is still there. */
export function forwardEvents(backend: Backend, window: () => BrowserWindow | null): () => void {
  return backend.subscribe((name, payload) => {
    const win = window();
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) {
      win.webContents.send(EVENT_CHANNEL, name, payload);
    }
  });
}
