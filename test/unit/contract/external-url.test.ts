import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../preload/contract/external-url.js';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://portal.datafiniti.co/',
    'https://portal.datafiniti.co/downloads?id=1',
    'https://datafiniti.co/pricing',
    'https://www.datafiniti.co/',
    'https://docs.datafiniti.co/docs/getting-started',
    'https://developer.datafiniti.co/',
    'HTTPS://PORTAL.DATAFINITI.CO/',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://portal.datafiniti.co/',
    'https://portal.datafiniti.co.evil.example/',
    'https://evildatafiniti.co/',
    'https://datafiniti.co@evil.example/',
    'https://user:pw@portal.datafiniti.co/',
    'https://portal.datafiniti.co:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://datafiniti.co/share',
    'https://s3.amazonaws.com/datafiniti/file.csv',
    '',
    'not a url',
    `https://portal.datafiniti.co/${'a'.repeat(3000)}`,
    // Parser differentials: WHATWG says Datafiniti's host for these, an RFC 3986 parser may not.
    'https://docs.datafiniti.co\\@evil.example/',
    'https://portal.datafiniti.co\\.evil.example/',
    'https://portal\t.datafiniti.co/',
    'https://portal.datafiniti.co/\nHost: evil.example',
    ' https://portal.datafiniti.co/',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});
