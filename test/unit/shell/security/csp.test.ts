import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  DEV_CONTENT_SECURITY_POLICY,
  contentSecurityPolicyHeader,
  withContentSecurityPolicy,
} from '../../../../main/shell/security/csp.js';
import { devRendererUrl } from '../../../../main/shell/platform/dev-overrides.js';

describe('Content-Security-Policy', () => {
  it('is the same string the renderer page carries in its meta tag', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows only our own scripts: no inline, no eval, no remote', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|(^|\s)\*(\s|;|$)/);
    expect(CONTENT_SECURITY_POLICY_HEADER.startsWith(`${CONTENT_SECURITY_POLICY}; `)).toBe(true);
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
  });

  it('replaces any CSP a document arrives with, in any spelling, and leaves other responses alone', () => {
    const headers = {
      'content-security-policy': ['default-src *'],
      'CONTENT-Security-Policy': 'x',
      'X-Other': ['1'],
    };
    expect(withContentSecurityPolicy(headers, 'mainFrame')).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER],
    });
    expect(withContentSecurityPolicy(undefined, 'subFrame')).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER],
    });
    expect(withContentSecurityPolicy(headers, 'xhr')).toBe(headers);
  });
});

describe('the dev server policy (npm run dev only)', () => {
  it('lets in the styles and hot-reload socket of the dev server, and nothing else', () => {
    expect(DEV_CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(DEV_CONTENT_SECURITY_POLICY).toContain("connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    expect(DEV_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(DEV_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
  });

  it('is chosen only for the dev server of an unpackaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devRendererUrl(env, false)).toBe('http://localhost:5173');
    expect(devRendererUrl(env, true)).toBeNull();
    expect(devRendererUrl({}, false)).toBeNull();
    expect(contentSecurityPolicyHeader(false)).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(contentSecurityPolicyHeader(true)).toBe(`${DEV_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    const headers = withContentSecurityPolicy({}, 'mainFrame', contentSecurityPolicyHeader(true));
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicyHeader(true)]);
  });

  it('the built page keeps the strict meta tag', () => {
    const built = resolve(import.meta.dirname, '../../../../out/renderer/index.html');
    expect(existsSync(built), 'out/renderer is missing: run `npx electron-vite build` first').toBe(true);
    expect(readFileSync(built, 'utf8')).toContain(CONTENT_SECURITY_POLICY);
    expect(readFileSync(built, 'utf8')).not.toContain('unsafe-inline');
  });
});
