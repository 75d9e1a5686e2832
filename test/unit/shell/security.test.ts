import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../main/shell/security/csp.js';
import { fake, resetFake } from './fake-electron.js';
import { recordingLogger } from './support.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).fake);
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

describe('web contents hardening', () => {
  let contents: InstanceType<typeof fake.BrowserWindow>['webContents'];
  beforeEach(() => {
    resetFake();
    contents = new fake.BrowserWindow({ width: 1, height: 1 }).webContents;
    installSecurity(trust, recordingLogger().logger);
    fake.app.emit('web-contents-created', {}, contents);
  });

  it.each(['will-navigate', 'will-redirect'])('%s to a foreign page is blocked', (name) => {
    const event = navigationEvent('https://evil.example/');
    contents.emit(name, event);
    expect(event.prevented).toBe(true);
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
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
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://portal.datafiniti.co/downloads');
  });

  it('reloading our own page is allowed', () => {
    const event = navigationEvent(`${APP}#/settings`);
    contents.emit('will-navigate', event);
    expect(event.prevented).toBe(false);
  });

  it('window.open never makes a window; only allow-listed links reach the browser', () => {
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    expect(open({ url: 'https://docs.datafiniti.co/docs' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://docs.datafiniti.co/docs');
  });

  it('webviews are never attached', () => {
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });
});

describe('session hardening', () => {
  beforeEach(() => {
    resetFake();
    hardenSession(fake.session.defaultSession as never, trust);
  });

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])(
    'denies the %s permission even to our page',
    (permission) => {
      const callback = vi.fn();
      const s = fake.session.defaultSession;
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
    const s = fake.session.defaultSession;
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
    fake.session.defaultSession.headersReceived!(
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
    resetFake();
    const { logger, lines } = recordingLogger();
    const contents = new fake.BrowserWindow({ width: 1, height: 1 }).webContents;
    hardenWebContents(contents as never, trust, logger);
    contents.emit('will-navigate', navigationEvent('https://evil.example/path?token=abc'));
    expect(JSON.stringify(lines)).not.toContain('token=abc');
    expect(lines[0]!.fields).toEqual({ origin: 'https://evil.example' });
  });
});
