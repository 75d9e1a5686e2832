import { describe, expect, it } from 'vitest';
import { navigationDecision, windowOpenDecision } from '../../../../main/shell/security/navigation.js';
import { isPermissionGranted } from '../../../../main/shell/security/permissions.js';

const APP = 'file:///opt/app/out/renderer/index.html';

describe('navigationDecision', () => {
  it('lets our page reload itself (any hash or query)', () => {
    expect(navigationDecision(`${APP}#/settings`, APP)).toEqual({ allow: true, openExternally: false });
  });
  it('sends portal links to the browser and drops everything else', () => {
    expect(navigationDecision('https://portal.datafiniti.co/x', APP)).toEqual({
      allow: false,
      openExternally: true,
    });
    expect(navigationDecision('https://evil.example/', APP)).toEqual({ allow: false, openExternally: false });
    expect(navigationDecision('file:///etc/passwd', APP)).toEqual({ allow: false, openExternally: false });
    expect(navigationDecision('::', APP)).toEqual({ allow: false, openExternally: false });
  });
  it('drops our own path on another host (a network share) and the hostile schemes', () => {
    for (const url of [
      'file://evil.example/opt/app/out/renderer/index.html',
      'file://localhost.evil.example/opt/app/out/renderer/index.html#/settings',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'devtools://devtools/bundled/inspector.html',
      'https://portal.datafiniti.co.evil.example/',
      'https://portal.datafiniti.co@evil.example/',
      'https://user:pw@portal.datafiniti.co/',
      'https://docs.datafiniti.co\\@evil.example/',
    ]) {
      expect(navigationDecision(url, APP), url).toEqual({ allow: false, openExternally: false });
      expect(windowOpenDecision(url), url).toEqual({ allow: false, openExternally: false });
    }
  });
});

describe('windowOpenDecision', () => {
  it('never allows a new window, even for our own page', () => {
    expect(windowOpenDecision(APP).allow).toBe(false);
    expect(windowOpenDecision('https://docs.datafiniti.co/').openExternally).toBe(true);
    expect(windowOpenDecision('https://example.com/').openExternally).toBe(false);
  });
});

describe('isPermissionGranted', () => {
  const trust = { windowWebContentsId: 1, appOrigin: APP };
  const ask = (permission: string, over: object = {}) => ({
    permission,
    requestingUrl: APP,
    isMainFrame: true,
    webContentsId: 1,
    ...over,
  });
  it.each(['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'fullscreen'])(
    'denies %s',
    (p) => expect(isPermissionGranted(ask(p), trust)).toBe(false),
  );
  it('allows copying to the clipboard only from our own page', () => {
    expect(isPermissionGranted(ask('clipboard-sanitized-write'), trust)).toBe(true);
    expect(isPermissionGranted(ask('clipboard-sanitized-write', { webContentsId: 2 }), trust)).toBe(false);
    expect(isPermissionGranted(ask('clipboard-sanitized-write', { webContentsId: null }), trust)).toBe(false);
    expect(isPermissionGranted(ask('clipboard-sanitized-write', { isMainFrame: false }), trust)).toBe(false);
    expect(
      isPermissionGranted(ask('clipboard-sanitized-write', { requestingUrl: 'https://x.example/' }), trust),
    ).toBe(false);
  });
});
