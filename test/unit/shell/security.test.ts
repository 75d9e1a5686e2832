import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../main/shell/security/csp.js';
import type { ElectronStandIn, StandInWebContents } from '../../support/electron-stand-in.js';
import { newElectron, recordingLogger } from './support.js';

vi.mock('electron', async () => (await import('./support.js')).electronModule);
// electron-store (imported by the shell's ports) would load the real electron package.
vi.mock('electron-store', () => ({ default: class {} }));

const { hardenSession, hardenWebContents, installSecurity } =
  await import('../../../main/shell/security/security.js');

const APP = 'file:///opt/app/out/renderer/index.html';
const trust = () => ({ windowWebContentsId: 7, appOrigin: APP });

function navigationEvent(url: string, isMainFrame = true) {
  let prevented = false;
  return {
    url,
    isMainFrame,
    preventDefault: () => (prevented = true),
    get prevented() {
      return prevented;
    },
  };
}

/** A window's web contents, made before the app is hardened (its creation event comes later). */
function webContentsOf(e: ElectronStandIn): StandInWebContents {
  e.app.becomeReady();
  return new e.BrowserWindow({ width: 1, height: 1 }).webContents;
}

/** The links the shell handed to the system browser. */
function openedExternally(e: ElectronStandIn): string[] {
  return e.opened.filter((o) => o.by === 'openExternal').map((o) => o.target);
}

describe('web contents hardening', () => {
  let e: ElectronStandIn;
  let contents: StandInWebContents;
  beforeEach(() => {
    e = newElectron();
    contents = webContentsOf(e);
    installSecurity(trust, recordingLogger().logger);
    e.app.emit('web-contents-created', {}, contents);
  });

  it.each(['will-navigate', 'will-redirect'])('%s to a foreign page is blocked', (name) => {
    const event = navigationEvent('https://evil.example/');
    contents.emit(name, event);
    expect(event.prevented).toBe(true);
    expect(openedExternally(e)).toEqual([]);
  });

  it('a subframe navigating away is blocked too', () => {
    const event = navigationEvent('https://evil.example/', false);
    contents.emit('will-frame-navigate', event);
    expect(event.prevented).toBe(true);
  });

  it('a portal link is not loaded in the app but opened in the browser', () => {
    const event = navigationEvent('https://portal.datafiniti.co/downloads');
    contents.emit('will-navigate', event);
    // Electron also emits will-frame-navigate for the main frame: the link must open once.
    contents.emit('will-frame-navigate', event);
    expect(event.prevented).toBe(true);
    expect(openedExternally(e)).toEqual(['https://portal.datafiniti.co/downloads']);
  });

  it('reloading our own page is allowed', () => {
    const event = navigationEvent(`${APP}#/settings`);
    contents.emit('will-navigate', event);
    expect(event.prevented).toBe(false);
  });

  it('window.open never makes a window; only allow-listed links reach the browser', () => {
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openedExternally(e)).toEqual([]);
    expect(open({ url: 'https://docs.datafiniti.co/docs' })).toEqual({ action: 'deny' });
    expect(openedExternally(e)).toEqual(['https://docs.datafiniti.co/docs']);
  });

  it('webviews are never attached', () => {
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });
});

describe('session hardening', () => {
  let e: ElectronStandIn;
  beforeEach(() => {
    e = newElectron();
    hardenSession(e.session.defaultSession as never, trust);
  });

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])(
    'denies the %s permission even to our page',
    (permission) => {
      const callback = vi.fn();
      const s = e.session.defaultSession;
      s.permissionRequestHandler!({ id: 7 }, permission, callback, { requestingUrl: APP, isMainFrame: true });
      expect(callback).toHaveBeenCalledWith(false);
      expect(
        s.permissionCheckHandler!({ id: 7 }, permission, 'file://', {
          requestingUrl: APP,
          isMainFrame: true,
        }),
      ).toBe(false);
    },
  );

  it('lets only our page write to the clipboard', () => {
    const s = e.session.defaultSession;
    const ask = (id: number, url: string) =>
      s.permissionCheckHandler!({ id }, 'clipboard-sanitized-write', url, {
        requestingUrl: url,
        isMainFrame: true,
      });
    expect(ask(7, APP)).toBe(true);
    expect(ask(8, APP)).toBe(false);
    expect(ask(7, 'https://evil.example/')).toBe(false);
  });

  it('sends the CSP header with documents', () => {
    const callback = vi.fn();
    e.session.defaultSession.headersReceived!(
      { resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ['default-src *'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] },
    });
  });
});

describe('hardenWebContents', () => {
  it('logs a blocked navigation by origin only', () => {
    const { logger, lines } = recordingLogger();
    const contents = webContentsOf(newElectron());
    hardenWebContents(contents as never, trust, logger);
    contents.emit('will-navigate', navigationEvent('https://evil.example/path?token=abc'));
    expect(JSON.stringify(lines)).not.toContain('token=abc');
    expect(lines[0]!.fields).toEqual({ origin: 'https://evil.example' });
  });
});
