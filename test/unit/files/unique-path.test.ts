import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../../main/core/files/sanitize-name.js';
import {
  isInside,
  numberedName,
  PARTIAL_DIR,
  partialPath,
  uniqueName,
} from '../../../main/core/files/unique-path.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('uniqueName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('a.csv', 1)).toBe('a.csv');
    expect(numberedName('a.csv', 2)).toBe('a (2).csv');
    expect(numberedName('archive', 3)).toBe('archive (3)');
  });

  it('skips names taken on disk, by a partial file, or by another file of the same job (any case)', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'uniq-'));
    writeFileSync(path.join(dir, 'a.csv'), '');
    mkdirSync(path.join(dir, PARTIAL_DIR));
    writeFileSync(partialPath(dir, 'a (2).csv'), '');
    expect(uniqueName(dir!, 'a.csv', new Set(['A (3).CSV']))).toBe('a (4).csv');
    expect(uniqueName(dir!, 'b.csv')).toBe('b.csv');
  });

  it('keeps partial files where no sanitised result name can reach', () => {
    // `report.csv.part` is a legal result name; its partial and the partial of `report.csv`
    // must be different files, and no result may be named like the partial folder.
    expect(partialPath('/f', 'report.csv')).not.toBe(path.join('/f', 'report.csv.part'));
    expect(partialPath('/f', 'report.csv')).not.toBe(partialPath('/f', 'report.csv.part'));
    expect(sanitizeFileName(PARTIAL_DIR)).not.toBe(PARTIAL_DIR);
    expect(path.dirname(partialPath('/f', 'x'))).toBe(path.join('/f', PARTIAL_DIR));
  });

  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });
});
