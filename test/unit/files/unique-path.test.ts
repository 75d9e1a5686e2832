import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isInside, numberedName, uniqueName } from '../../../main/core/files/unique-path.js';

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

  it('skips names taken on disk, by a .part, or by another file of the same job (any case)', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'uniq-'));
    writeFileSync(path.join(dir, 'a.csv'), '');
    writeFileSync(path.join(dir, 'a (2).csv.part'), '');
    expect(uniqueName(dir!, 'a.csv', new Set(['A (3).CSV']))).toBe('a (4).csv');
    expect(uniqueName(dir!, 'b.csv')).toBe('b.csv');
  });

  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });
});
