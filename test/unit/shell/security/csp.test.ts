import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  withContentSecurityPolicy,
} from '../../../../main/shell/security/csp.js';

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
