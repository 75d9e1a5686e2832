// The `navigate` event the shell sends to the renderer: a download from a notification, or
// the settings view from the app menu.
import type { BridgeEvents } from '../../../preload/contract/index.js';

export type NavigatePayload = BridgeEvents['navigate'];

export function navigateToDownload(downloadKey: string): NavigatePayload {
  return { downloadKey, view: 'download' };
}

export function navigateToSettings(): NavigatePayload {
  return { downloadKey: null, view: 'settings' };
}
