// Where a page may go. The renderer is a single page: it may reload itself, nothing else.
// A Datafiniti portal link (clicked, or opened with window.open) goes to the system browser;
// any other destination is dropped.
import { isAllowedExternalUrl } from '../../../preload/contract/external-url.js';
import { appOriginOf } from '../ipc/trusted-sender.js';

export interface NavigationDecision {
  /** Let the page itself navigate (only to our own renderer page). */
  allow: boolean;
  /** Hand the URL to the system browser instead. */
  openExternally: boolean;
}

function isAppPage(url: string, appOrigin: string): boolean {
  try {
    return appOriginOf(url) === appOrigin;
  } catch {
    return false;
  }
}

/** For `will-navigate` and `will-redirect`. */
export function navigationDecision(url: string, appOrigin: string): NavigationDecision {
  if (isAppPage(url, appOrigin)) return { allow: true, openExternally: false };
  return { allow: false, openExternally: isAllowedExternalUrl(url) };
}

/** For `setWindowOpenHandler`: never a new Electron window. */
export function windowOpenDecision(url: string): NavigationDecision {
  return { allow: false, openExternally: isAllowedExternalUrl(url) };
}
