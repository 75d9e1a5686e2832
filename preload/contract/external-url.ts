// The only pages the app opens in the system browser: Datafiniti's own sites over https.
// Everything else a link, a menu or a `window.open` asks for is dropped.

const ALLOWED_HOSTS: ReadonlySet<string> = new Set([
  'portal.datafiniti.co',
  'datafiniti.co',
  'www.datafiniti.co',
]);

/** `docs.datafiniti.co`, `developer.datafiniti.co`... any documentation subdomain. */
const DOCS_HOST = /^(?:[a-z0-9-]+\.)*docs\.datafiniti\.co$|^developer\.datafiniti\.co$/;

/** What a refused URL answers, wherever it was refused. */
export const EXTERNAL_URL_REFUSED = 'Only Datafiniti pages open from the app.';

export function isAllowedExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  // The system browser (or xdg-open, or a URL handler) gets the raw text, not our parse. A
  // backslash, whitespace or a control character is where parsers disagree: WHATWG reads
  // `https://docs.datafiniti.co\@evil.example/` as Datafiniti's host, RFC 3986 as evil.example's.
  if (/[\\\s]/.test(raw) || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Credentials in the URL or an explicit port are never part of a portal link.
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return ALLOWED_HOSTS.has(host) || DOCS_HOST.test(host);
}

export const PORTAL_URL = 'https://portal.datafiniti.co/';
export const DOCS_URL = 'https://docs.datafiniti.co/';
