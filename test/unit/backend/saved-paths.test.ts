// Reveal and Open take a path from the window: only what the app saved may be opened, on the
// real file system as it is now (files moved, deleted or replaced by a link after the save).
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSavedPath } from '../../../main/core/backend/saved-paths.js';
import type { SaveJob } from '../../../preload/contract/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dfd-saved-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const folder = path.join(dir, 'Team 847070');
const outside = path.join(dir, 'elsewhere');
mkdirSync(folder);
mkdirSync(outside);
const saved = (name: string): string => {
  const p = path.join(folder, name);
  writeFileSync(p, 'id\n1\n');
  return p;
};
// Only the folder matters to the check; the rest of a job is not read.
const jobs = [{ folder } as SaveJob];

describe('what Reveal and Open accept', () => {
  it('accepts a saved file and the save folder', () => {
    const file = saved('847070_1.csv');
    expect(assertSavedPath(file, jobs)).toBe(file);
    expect(assertSavedPath(folder, jobs)).toBe(folder);
  });

  it('refuses paths outside the folder, also when written with ".." or a newline', () => {
    for (const p of [
      '/etc/passwd',
      path.join(folder, '..', 'elsewhere'),
      `${folder}\n/etc/passwd`,
      path.join(folder + 'x', 'a.csv'),
    ]) {
      expect(() => assertSavedPath(p, jobs), p).toThrow(
        expect.objectContaining({ code: 'invalid-input' }) as Error,
      );
    }
  });

  it('says a file that was moved or deleted is no longer there', () => {
    const file = saved('moved.csv');
    renameSync(file, path.join(outside, 'moved.csv'));
    expect(() => assertSavedPath(file, jobs)).toThrow(
      expect.objectContaining({
        code: 'not-found',
        message: `${file} is no longer there: it was moved or deleted.`,
      }) as Error,
    );
    const long = path.join(folder, `${'n'.repeat(250)}.csv`, 'deeper.csv');
    expect(() => assertSavedPath(long, jobs)).toThrow(
      expect.objectContaining({ code: 'not-found' }) as Error,
    );
  });

  it('refuses a link put in place of a saved file (to a program or a file outside the folder)', () => {
    const program = path.join(outside, 'run.sh');
    writeFileSync(program, '#!/bin/sh\n', { mode: 0o755 });
    const file = path.join(folder, '847070_2.csv');
    symlinkSync(program, file);
    expect(() => assertSavedPath(file, jobs)).toThrow(
      expect.objectContaining({
        code: 'invalid-input',
        message: expect.stringContaining('is now a link'),
      }) as Error,
    );
    // An exported list replaced by a link the same way.
    const exported = path.join(outside, 'list.csv');
    symlinkSync('/etc/passwd', exported);
    expect(() => assertSavedPath(exported, [], [exported])).toThrow(
      expect.objectContaining({ code: 'invalid-input' }) as Error,
    );
  });

  it('accepts a save folder that is itself reached through a link (a Downloads folder on another drive)', () => {
    const linkedParent = path.join(dir, 'Downloads');
    symlinkSync(dir, linkedParent);
    const viaLink = path.join(linkedParent, 'Team 847070');
    const file = path.join(viaLink, '847070_1.csv');
    expect(assertSavedPath(file, [{ folder: viaLink } as SaveJob])).toBe(file);
  });
});
