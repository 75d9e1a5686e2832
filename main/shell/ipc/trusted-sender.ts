// Which IPC senders may call the backend: our own window, its main frame, our own page. The
// shape follows VS Code's validatedIpcMain and Motrix's assertTrustedIpcSender: a compromised
// subframe, another window or a page we navigated to by mistake must never reach the backend.

export interface IpcSender {
  /** `event.senderFrame.url`; null when the frame is already gone. */
  senderFrameUrl: string | null;
  /** Whether the sending frame is the top frame of its page. */
  isMainFrame: boolean;
  webContentsId: number;
}

export interface TrustedOrigin {
  /** The one window we created; null before it exists. */
  windowWebContentsId: number | null;
  /** From `appOriginOf`: `http://localhost:5173` in dev, or the renderer's file URL when packaged. */
  appOrigin: string;
}

/**
 * The origin we trust for a renderer entry URL. Every file:// page shares the opaque origin
 * `file://`, so for a packaged renderer the whole entry URL (without query and hash) stands in
 * for the origin: any other local file, or the same path on another host, is refused.
 */
export function appOriginOf(entryUrl: string): string {
  const url = new URL(entryUrl);
  // The host too: `file://host/path` is a network share (a UNC path on Windows), not our file.
  if (url.protocol === 'file:') return `file://${url.host}${url.pathname}`;
  return url.origin;
}

export function isTrustedSender(sender: IpcSender, trusted: TrustedOrigin): boolean {
  if (trusted.windowWebContentsId === null || sender.webContentsId !== trusted.windowWebContentsId)
    return false;
  if (!sender.isMainFrame || !sender.senderFrameUrl) return false;
  let url: URL;
  try {
    url = new URL(sender.senderFrameUrl);
  } catch {
    return false;
  }
  if (trusted.appOrigin.startsWith('file://')) {
    return url.protocol === 'file:' && url.host === '' && `file://${url.pathname}` === trusted.appOrigin;
  }
  return url.protocol !== 'file:' && url.origin === trusted.appOrigin;
}
