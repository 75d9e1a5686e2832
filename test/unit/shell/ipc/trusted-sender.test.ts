import { describe, expect, it } from 'vitest';
import { appOriginOf, isTrustedSender } from '../../../../main/shell/ipc/trusted-sender.js';

const FILE_APP = 'file:///opt/Datafiniti/resources/app.asar/out/renderer/index.html';

describe('appOriginOf', () => {
  it('is the origin of a dev server and the whole page for a file renderer', () => {
    expect(appOriginOf('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(appOriginOf(`${FILE_APP}?x=1#/downloads`)).toBe(FILE_APP);
  });
});

describe('isTrustedSender', () => {
  const fileTrust = { windowWebContentsId: 3, appOrigin: appOriginOf(FILE_APP) };
  const devTrust = { windowWebContentsId: 3, appOrigin: appOriginOf('http://localhost:5173/') };
  const from = (url: string | null, over: Partial<{ isMainFrame: boolean; webContentsId: number }> = {}) => ({
    senderFrameUrl: url,
    isMainFrame: true,
    webContentsId: 3,
    ...over,
  });

  it('trusts our window, main frame, own page', () => {
    expect(isTrustedSender(from(`${FILE_APP}#/settings`), fileTrust)).toBe(true);
    expect(isTrustedSender(from('http://localhost:5173/some/route'), devTrust)).toBe(true);
  });

  it('refuses other windows, subframes and vanished frames', () => {
    expect(isTrustedSender(from(FILE_APP, { webContentsId: 4 }), fileTrust)).toBe(false);
    expect(isTrustedSender(from(FILE_APP, { isMainFrame: false }), fileTrust)).toBe(false);
    expect(isTrustedSender(from(null), fileTrust)).toBe(false);
    expect(isTrustedSender(from(FILE_APP), { ...fileTrust, windowWebContentsId: null })).toBe(false);
  });

  it('refuses other origins and other local files', () => {
    expect(isTrustedSender(from('file:///home/me/Downloads/evil.html'), fileTrust)).toBe(false);
    expect(
      isTrustedSender(
        from('file://server/opt/Datafiniti/resources/app.asar/out/renderer/index.html'),
        fileTrust,
      ),
    ).toBe(false);
    expect(isTrustedSender(from('https://portal.datafiniti.co/'), fileTrust)).toBe(false);
    expect(isTrustedSender(from('http://localhost:5174/'), devTrust)).toBe(false);
    expect(isTrustedSender(from('http://localhost.evil.example:5173/'), devTrust)).toBe(false);
    expect(isTrustedSender(from(FILE_APP), devTrust)).toBe(false);
    expect(isTrustedSender(from('not a url'), devTrust)).toBe(false);
  });
});
