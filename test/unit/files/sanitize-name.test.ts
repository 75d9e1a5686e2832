import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, sanitizeFileName } from '../../../main/core/files/sanitize-name.js';
import { isInside } from '../../../main/core/files/unique-path.js';

describe('sanitizeFileName', () => {
  it.each([
    ['12345/847070_1.csv', '847070_1.csv'],
    ['../../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['C:\\evil.csv', 'evil.csv'],
    ['CON', '_CON'],
    ['con.csv', '_con.csv'],
    ['LPT1.tar.gz', '_LPT1.tar.gz'],
    ['com¹.txt', '_com¹.txt'],
    ['a:b*c?"d"<e>|.csv', 'a_b_c__d__e__.csv'],
    ['tab\there\u0000.csv', 'tab_here_.csv'],
    ['rtl\u202egpj.exe', 'rtl_gpj.exe'],
    ['trailing dots...', 'trailing dots'],
    ['.hidden', 'hidden'],
    ['..', 'file'],
    ['', 'file'],
    ['   ', 'file'],
    ['/', 'file'],
  ])('%j -> %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('uses the fallback when nothing usable is left', () => {
    expect(sanitizeFileName('../..', '847070_3.csv')).toBe('847070_3.csv');
  });

  it('caps the length in bytes, keeps the extension and never splits a character', () => {
    const name = sanitizeFileName(`${'é'.repeat(500)}.csv`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('.csv')).toBe(true);
    expect(name).not.toContain('\ufffd');
  });

  it('always yields one safe name that stays inside the folder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (raw) => {
        const name = sanitizeFileName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect(name).not.toMatch(/[/\\]/);
        expect([...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')).toBe(false);
        expect(name).not.toMatch(/^\./);
        expect(name).not.toMatch(/[ .]$/);
        expect(name.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(isInside('/safe/folder', path.join('/safe/folder', name))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
