// The `navigate` event the shell sends to the renderer for the app menu's settings and about (a
// notification's download is the backend's navigate()).
import type { BridgeEvents } from '../../../preload/contract/index.js';

export type NavigatePayload = BridgeEvents['navigate'];

export function navigateToSettings(): NavigatePayload {
  return { downloadKey: null, view: 'settings' };
}

/** Help → About: the About card at the foot of Settings. */
export function navigateToAbout(): NavigatePayload {
  return { downloadKey: null, view: 'about' };
}
