// The Content-Security-Policy, one source of truth: the shell sends it as a response header and
// renderer/index.html carries the same string in its meta tag (a unit test compares them).
// `connect-src 'self'` is all the test harness needs: it serves the page and its WebSocket
// bridge from one origin. Inside Electron the renderer opens no connections at all.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * What the response header carries: the same policy plus `frame-ancestors`, which browsers
 * ignore (with a console warning) in a meta tag and so only the header can enforce.
 */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * `npm run dev` only: electron-vite's dev server injects the styles as <style> elements and
 * talks to its page over a WebSocket for hot reload, both of which the policy above blocks (the
 * page renders unstyled). Never used by a build: the shell picks it only for the dev server's
 * URL, which a packaged app ignores (devRendererUrl), and the build keeps the strict meta tag.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
).replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

/** The header for the page the window loads: strict, unless it is the dev server's. */
export function contentSecurityPolicyHeader(devServer: boolean): string {
  return `${devServer ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
}

export type ResponseHeaders = Record<string, string[] | string>;

/**
 * The response headers with our CSP in place of any the server sent (header names are
 * case-insensitive, so every spelling is replaced). Only documents get it: API responses
 * fetched by the main process have no use for one.
 */
export function withContentSecurityPolicy(
  headers: ResponseHeaders | undefined,
  resourceType: string,
  policyHeader: string = CONTENT_SECURITY_POLICY_HEADER,
): ResponseHeaders | undefined {
  if (resourceType !== 'mainFrame' && resourceType !== 'subFrame') return headers;
  const out: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policyHeader];
  return out;
}
