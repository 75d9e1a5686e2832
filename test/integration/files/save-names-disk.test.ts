// Names (collisions, hostile server names) and disk failures (full, read-only, permission).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { MAX_NAME_BYTES } from '../../../main/core/files/sanitize-name.js';
import { partialPath } from '../../../main/core/files/unique-path.js';
import type { Download } from '../../../preload/contract/index.js';
import {
  addCompletedDownload,
  fileRequests,
  sha256File,
  sha256Url,
  toDownload,
  useSimWorld,
} from './support.js';

const world = useSimWorld(5);

/** Runs a privileged command; the reason it failed, or null when it ran. */
function tryRun(cmd: string, args: string[]): string | null {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `\`${cmd} ${args.join(' ')}\` failed on this machine: ${String(err).split('\n')[0]}`;
  }
}

/**
 * Skips the test, visibly (reported as skipped with the reason, and printed), when this machine
 * cannot set up what it needs: a test that returned early would pass without checking anything.
 */
function needs(ctx: TestContext, problem: string | null): void {
  if (problem === null) return;
  console.warn(`SKIPPED: ${ctx.task.name}: ${problem}`);
  ctx.skip(problem);
}

function mountTmpfs(dir: string, options: string): string | null {
  mkdirSync(dir, { recursive: true });
  const problem = tryRun('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (problem === null) world.onCleanup(() => void tryRun('umount', ['-l', dir]));
  return problem;
}

describe('file names', () => {
  it('never overwrites a file the app did not write: picks "name (2).csv"', async () => {
    const { saver } = world.startSaver();
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 2000, recordsPerFile: 1000 });
    const [f1, f2] = d.files();
    const folder = path.join(world.dir, 'saved');
    mkdirSync(folder);
    writeFileSync(path.join(folder, f1!.name), 'my own notes');
    // A stale `.part` of someone else's is not ours to resume or delete either.
    writeFileSync(path.join(folder, `${f2!.name}.part`), 'not ours');

    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job?.state).toBe('completed');
    const stem = (n: string) => n.replace(/\.csv$/, '');
    expect(job?.files.map((f) => f.name)).toEqual([`${stem(f1!.name)} (2).csv`, `${stem(f2!.name)} (2).csv`]);
    expect(readFileSync(path.join(folder, f1!.name), 'utf8')).toBe('my own notes');
    expect(readFileSync(path.join(folder, `${f2!.name}.part`), 'utf8')).toBe('not ours');
    expect(await sha256File(path.join(folder, `${stem(f1!.name)} (2).csv`))).toBe(await sha256Url(f1!.url));
  });

  it('keeps hostile server names inside the chosen folder', async () => {
    const { saver } = world.startSaver();
    const hostile = [
      '../../../escape.csv',
      '/etc/passwd',
      'C:\\Windows\\System32\\evil.csv',
      '..\\..\\up.csv',
      'CON',
      'aux.csv',
      'lpt1.txt',
      'a\u0000b\u001fc\u202e.csv',
      '..',
      '   ',
      `${'x'.repeat(400)}.csv`,
      `${'é'.repeat(300)}.csv`,
      'dup.csv',
      'DUP.csv',
      'name:with*wild?<chars>|.csv',
      '.hidden',
    ];
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: hostile.length * 10,
      recordsPerFile: 10,
    });
    const base = toDownload(world.sim, d);
    const download: Download = { ...base, files: base.files.map((f, i) => ({ ...f, name: hostile[i]! })) };
    const folder = path.join(world.dir, 'inner', 'saved');

    const job = await saver.settled((await saver.save(download, { folder })).jobId);
    expect(job?.state).toBe('completed');
    // Nothing escaped into the parent folders (the store is the test's own file).
    expect(readdirSync(world.dir).filter((n) => !n.startsWith('store.json'))).toEqual(['inner']);
    expect(readdirSync(path.join(world.dir, 'inner'))).toEqual(['saved']);
    const names = readdirSync(folder).filter((n) => n !== 'manifest.json');
    expect(names).toHaveLength(hostile.length);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(hostile.length);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\:*?"<>|\u202e]/);
      expect([...name].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
      expect(name).not.toMatch(/^\.|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES + 8);
      expect(statSync(path.join(folder, name)).isFile()).toBe(true);
    }
  });
});

describe('disk failures', () => {
  it('stops on a full disk with a clear message, keeps what is saved, and resumes later', async (ctx) => {
    const { saver } = world.startSaver();
    const mount = path.join(world.dir, 'small');
    needs(ctx, mountTmpfs(mount, 'size=1m'));
    const d = addCompletedDownload(world.sim, world.account, {
      numRecords: 8000,
      recordsPerFile: 2000,
      bytesPerRecord: 200,
    });
    const folder = path.join(mount, 'saved');

    const started = await saver.save(toDownload(world.sim, d), { folder, parallelFiles: 1 });
    const job = await saver.settled(started.jobId);
    expect(job?.state).toBe('failed');
    expect(job?.error).toMatchObject({ code: 'disk', retryable: false });
    expect(job?.error?.message).toMatch(/disk is full/);
    const files = d.files();
    for (const f of files.slice(0, 2)) {
      expect(await sha256File(path.join(folder, f.name))).toBe(await sha256Url(f.url));
    }
    const partPath = partialPath(folder, files[2]!.name);
    const partSize = statSync(partPath).size;
    expect(partSize).toBeGreaterThan(0);
    expect(existsSync(path.join(folder, files[2]!.name))).toBe(false);

    // Space freed: saving again continues where it stopped.
    expect(tryRun('mount', ['-o', 'remount,size=8m', mount])).toBeNull();
    world.sim.clearLog();
    const again = await saver.save(toDownload(world.sim, d), { folder, parallelFiles: 1 });
    expect(again.jobId).toBe(started.jobId);
    expect((await saver.settled(again.jobId))?.state).toBe('completed');
    expect(fileRequests(world.sim).map((r) => r.range)).toEqual([`bytes=${partSize}-`, undefined]);
    for (const f of files) {
      expect(await sha256File(path.join(folder, f.name))).toBe(await sha256Url(f.url));
    }
  });

  it('says a read-only disk is read-only', async (ctx) => {
    const { saver } = world.startSaver();
    const mount = path.join(world.dir, 'ro');
    needs(ctx, mountTmpfs(mount, 'ro,size=1m'));
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    const job = await saver.settled(
      (await saver.save(toDownload(world.sim, d), { folder: path.join(mount, 'x') })).jobId,
    );
    expect(job).toMatchObject({ state: 'failed', error: { code: 'disk' } });
    expect(job?.error?.message).toMatch(/read-only/);
    expect(fileRequests(world.sim)).toEqual([]);
  });

  it('reports a folder that cannot be written (immutable directory: EPERM even for root)', async (ctx) => {
    const { saver } = world.startSaver();
    const folder = path.join(world.dir, 'locked');
    mkdirSync(folder);
    needs(ctx, tryRun('chattr', ['+i', folder]));
    world.onCleanup(() => void tryRun('chattr', ['-i', folder]));
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'disk' } });
    expect(job?.error?.message).toMatch(/Permission denied/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('reports a folder path that runs through a file (ENOTDIR)', async () => {
    const { saver } = world.startSaver();
    writeFileSync(path.join(world.dir, 'plain-file'), 'x');
    const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
    const folder = path.join(world.dir, 'plain-file', 'saved');
    const job = await saver.settled((await saver.save(toDownload(world.sim, d), { folder })).jobId);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'disk' } });
    expect(job?.error?.message).toContain('a file with that name is in the way');
  });
});
