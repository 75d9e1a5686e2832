// What the renderer may ask Chromium for. It needs nothing but to copy text (a query, a path)
// from our own page; camera, notifications (we show them from main), geolocation and the rest
// are refused.
import { isTrustedSender } from '../ipc/trusted-sender.js';

const ALLOWED_FROM_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface PermissionAsk {
  permission: string;
  /** The URL of the frame asking, when Electron tells it. */
  requestingUrl: string | null;
  isMainFrame: boolean;
  webContentsId: number | null;
}

export function isPermissionGranted(
  ask: PermissionAsk,
  trusted: { windowWebContentsId: number | null; appOrigin: string },
): boolean {
  if (!ALLOWED_FROM_APP.has(ask.permission) || ask.webContentsId === null) return false;
  return isTrustedSender(
    { senderFrameUrl: ask.requestingUrl, isMainFrame: ask.isMainFrame, webContentsId: ask.webContentsId },
    trusted,
  );
}
