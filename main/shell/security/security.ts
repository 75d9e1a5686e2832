// Electron's security checklist, applied to every session and web contents the app creates.
// The decisions live in csp.ts, navigation.ts and permissions.ts; this file only hooks them into Electron.
import { app, type Session, type WebContents } from 'electron';
import type { Logger } from '../../core/ports.js';
import { contentSecurityPolicyHeader, withContentSecurityPolicy } from './csp.js';
import { navigationDecision, windowOpenDecision, type NavigationDecision } from './navigation.js';
import { isPermissionGranted } from './permissions.js';
import { devRendererUrl } from '../platform/dev-overrides.js';
import type { TrustedOrigin } from '../ipc/trusted-sender.js';
import { openExternalAllowed } from '../ports.js';

function openIfAllowed(decision: NavigationDecision, url: string, logger: Logger): void {
  if (decision.openExternally) void openExternalAllowed(url).catch(() => {});
  else logger.warn('security: blocked a navigation', { origin: safeOrigin(url) });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'unparseable';
  }
}

export function hardenWebContents(contents: WebContents, trust: () => TrustedOrigin, logger: Logger): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    const decision = navigationDecision(url, trust().appOrigin);
    if (decision.allow) return;
    event.preventDefault();
    openIfAllowed(decision, url, logger);
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  // will-frame-navigate also fires for the main frame, which will-navigate already guards.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guard(event, event.url);
  });
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(windowOpenDecision(url), url, logger);
    return { action: 'deny' };
  });
  // No <webview>: the app shows no remote content.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session, trust: () => TrustedOrigin): void {
  const cspHeader = contentSecurityPolicyHeader(devRendererUrl(process.env, app.isPackaged) !== null);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(
      isPermissionGranted(
        {
          permission,
          requestingUrl: details.requestingUrl ?? null,
          isMainFrame: details.isMainFrame,
          webContentsId: contents?.id ?? null,
        },
        trust(),
      ),
    );
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    isPermissionGranted(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
        webContentsId: contents?.id ?? null,
      },
      trust(),
    ),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: withContentSecurityPolicy(details.responseHeaders, details.resourceType, cspHeader),
    });
  });
}

export function installSecurity(trust: () => TrustedOrigin, logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, trust, logger));
}
