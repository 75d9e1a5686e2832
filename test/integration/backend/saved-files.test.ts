// Saved files as data, through the contract against the simulator (issue 21): one combined
// file with the manifest's counts, a preview of the first saved file, the list export, and
// bulk saves that queue one download at a time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../main/core/files/manifest.js';
import type { Account, Download } from '../../../preload/contract/index.js';
import type {
  BulkSaveResult,
  ExportResult,
  FilePreview,
  SaveJob,
  SaveJobUpdate,
} from '../../../preload/contract/index.js';
import { PREVIEW_COLUMNS } from '../../../preload/contract/index.js';
import type { SimAccount } from '../../sim/index.js';
import { useBackendWorld } from './support.js';

const world = useBackendWorld({ tempPrefix: 'saved-files-', seed: 21 });
const { call } = world;

/** What the window was sent about saves during this test, in order. */
function saveEvents(): SaveJobUpdate[] {
  return world.eventsOf<SaveJobUpdate>('saves');
}

/** The most saves the events showed running at the same time. */
function mostSavingAtOnce(): number {
  const running = new Set<string>();
  let most = 0;
  for (const e of saveEvents()) {
    if (e.state === 'running') running.add(e.jobId);
    else running.delete(e.jobId);
    most = Math.max(most, running.size);
  }
  return most;
}

/** Advances virtual time until `done` holds for the save jobs (real I/O runs in between). */
async function waitForJobs(done: (jobs: SaveJob[]) => boolean, limitMs = 30_000): Promise<SaveJob[]> {
  const started = Date.now();
  for (;;) {
    const jobs = await call<SaveJob[]>('files.jobs');
    if (done(jobs)) return jobs;
    if (Date.now() - started > limitMs)
      throw new Error(`jobs not done: ${JSON.stringify(jobs.map((j) => [j.state, j.combine?.state]))}`);
    await world.clock.advance(200);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An account whose downloads finished ten minutes ago (so all files are published). */
async function accountWith(
  downloads: {
    numRecords: number;
    format?: 'csv' | 'json';
    query?: string;
    startedAt?: number;
    running?: boolean;
  }[],
): Promise<{ simAccount: SimAccount; keys: string[] }> {
  const simAccount = world.sim.addAccount({ version: 'v4' });
  const ids = downloads.map(
    (d) =>
      world.sim.addDownload(simAccount.token, {
        numRecords: d.numRecords,
        recordsPerFile: 500,
        format: d.format ?? 'csv',
        query: d.query ?? 'city:Portland',
        queuedMs: 0,
        durationMs: d.running ? 3_600_000 : 1000,
        startedAt: d.startedAt ?? world.clock.now() - 10 * 60_000,
      }).id,
  );
  const account = await call<Account>('accounts.add', {
    label: 'Team',
    version: 'v4',
    token: simAccount.token,
  });
  const started = Date.now();
  for (;;) {
    await world.clock.advance(1000);
    const snapshot = await call<{ downloads: Download[] }>('downloads.snapshot');
    const found = ids.map((id) => snapshot.downloads.find((d) => d.id === id && d.accountId === account.id));
    if (
      found.every((d) => d?.status === (d && downloads[ids.indexOf(d.id)]!.running ? 'running' : 'completed'))
    ) {
      return { simAccount, keys: found.map((d) => d!.key) };
    }
    if (Date.now() - started > 20_000) throw new Error('the downloads did not show up');
  }
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('combine into one file', () => {
  it('combines the parts after the save, lists the file in the manifest, and removes the parts when asked', async () => {
    await call('settings.update', { keepPartsAfterCombine: false });
    const { keys } = await accountWith([{ numRecords: 1500 }]);
    const job = await call<SaveJob>('files.save', keys[0], { combine: true });
    const [done] = await waitForJobs((jobs) => jobs[0]?.combine?.state === 'done');
    const id = keys[0]!.split(':').at(-1)!;
    expect(readdirSync(done!.folder).sort()).toEqual([`${id}.csv`, 'manifest.json']);

    const manifest = JSON.parse(readFileSync(path.join(done!.folder, 'manifest.json'), 'utf8')) as Manifest;
    const combinedPath = path.join(done!.folder, `${id}.csv`);
    expect(manifest.combined).toMatchObject({
      name: `${id}.csv`,
      records: 1500,
      sha256: sha(combinedPath),
      size: readFileSync(combinedPath).length,
      parts: [`${id}_1.csv`, `${id}_2.csv`, `${id}_3.csv`],
      partsKept: false,
    });
    expect(manifest.combined!.records).toBe(manifest.files.reduce((s, f) => s + f.records, 0));
    // A real CSV parser reads 1500 records under one header (quoted newlines and all).
    expect(parse(readFileSync(combinedPath), { columns: true })).toHaveLength(1500);
    expect(done!.combine).toMatchObject({ state: 'done', partsKept: false, file: { records: 1500 } });
    expect(saveEvents().some((e) => e.jobId === job.jobId && e.combine?.state === 'done')).toBe(true);

    // Saving again neither fetches the removed parts again nor makes a second folder.
    const fileRequests = world.sim.log.filter((e) => e.path.startsWith('/files/')).length;
    const again = await call<SaveJob>('files.save', keys[0]);
    expect(again.jobId).toBe(job.jobId);
    expect(world.sim.log.filter((e) => e.path.startsWith('/files/')).length).toBe(fileRequests);
  });

  it('keeps the parts by default and does not combine unless asked or set', async () => {
    const { keys } = await accountWith([{ numRecords: 1000, format: 'json' }, { numRecords: 1000 }]);
    await call<SaveJob>('files.save', keys[0], { combine: true });
    await call<SaveJob>('files.save', keys[1]);
    const jobs = await waitForJobs(
      (js) =>
        js.length === 2 &&
        js.every((j) => j.state === 'completed') &&
        js.some((j) => j.combine?.state === 'done'),
    );
    const json = jobs.find((j) => j.downloadKey === keys[0])!;
    const id = keys[0]!.split(':').at(-1)!;
    expect(readdirSync(json.folder).sort()).toEqual([
      `${id}.txt`,
      `${id}_1.txt`,
      `${id}_2.txt`,
      'manifest.json',
    ]);
    const lines = readFileSync(path.join(json.folder, `${id}.txt`), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(1000);
    expect(jobs.find((j) => j.downloadKey === keys[1])!.combine ?? null).toBeNull();
  });
});

describe('preview of a saved download', () => {
  it('shows the first 100 CSV records with quoted newlines, the column count and the total from the manifest', async () => {
    const { keys } = await accountWith([{ numRecords: 1500 }]);
    await call<SaveJob>('files.save', keys[0]);
    const [job] = await waitForJobs((jobs) => jobs[0]?.state === 'completed');
    const preview = await call<FilePreview>('files.preview', keys[0]);
    const expected = parse(readFileSync(job!.files[0]!.path), { columns: false, to: 101 }) as string[][];
    expect(preview.columns).toEqual(expected[0]);
    expect(preview.rows).toEqual(expected.slice(1, 101));
    expect(preview.rows).toHaveLength(100);
    expect(preview.rows.some((r) => r.some((c) => c.includes('\n')))).toBe(true);
    expect(preview).toMatchObject({ totalRecords: 1500, fileCount: 3, complete: false, format: 'csv' });
    await call('files.open', preview.path);
    expect(world.node.recorded.opens).toEqual([job!.files[0]!.path]);
  });

  it("shows 200 of a file's 100,000 columns, and says how many there are", async () => {
    const { keys } = await accountWith([{ numRecords: 100 }]);
    await call<SaveJob>('files.save', keys[0]);
    const [job] = await waitForJobs((jobs) => jobs[0]?.state === 'completed');
    const wide = (prefix: string): string =>
      Array.from({ length: 100_000 }, (_, i) => `${prefix}${i}`).join(',');
    writeFileSync(job!.files[0]!.path, `${wide('c')}\n${wide('v')}\n`);
    const preview = await call<FilePreview>('files.preview', keys[0]);
    expect(preview).toMatchObject({ columnCount: 100_000, complete: true });
    expect(preview.columns).toHaveLength(PREVIEW_COLUMNS);
    expect(preview.rows).toEqual([Array.from({ length: PREVIEW_COLUMNS }, (_, i) => `v${i}`)]);
  });

  it('does not show a file replaced by a link to /etc/passwd, nor reveal or open it; a deleted file says so', async () => {
    const { keys } = await accountWith([{ numRecords: 100 }]);
    await call<SaveJob>('files.save', keys[0]);
    const [job] = await waitForJobs((jobs) => jobs[0]?.state === 'completed');
    const saved = job!.files[0]!.path;
    rmSync(saved);
    symlinkSync('/etc/passwd', saved);
    await expect(call('files.preview', keys[0])).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('is now a link to another file'),
    });
    await expect(call('files.open', saved)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(call('files.reveal', saved)).rejects.toMatchObject({ code: 'invalid-input' });
    rmSync(saved);
    await expect(call('files.reveal', saved)).rejects.toMatchObject({
      code: 'not-found',
      message: `${saved} is no longer there: it was moved or deleted.`,
    });
    expect(world.node.recorded.opens).toEqual([]);
    expect(world.node.recorded.reveals).toEqual([]);
  });

  it('says to save first when nothing is saved', async () => {
    const { keys } = await accountWith([{ numRecords: 100 }]);
    await expect(call('files.preview', keys[0])).rejects.toMatchObject({
      code: 'not-found',
      message: /Save this download first/,
    });
  });
});

describe('export list', () => {
  it('writes the given downloads to the CSV file the user names in "Save as", formulas defused', async () => {
    const { keys } = await accountWith([
      { numRecords: 100, query: '=HYPERLINK("http://evil.example","x")' },
      { numRecords: 200, query: 'name:"Joe, Inc"' },
    ]);
    world.node.setNextSaveFile(null);
    expect(await call('downloads.exportList', keys)).toBeNull();
    expect(world.node.recorded.savedAs.at(-1)?.request).toEqual({
      title: 'Export the list',
      defaultName: `datafiniti-downloads-${new Date(world.clock.now()).toISOString().slice(0, 10)}.csv`,
      filter: { name: 'CSV', extensions: ['csv'] },
    });
    // The name the user typed, in a folder that already holds a file by that name: the dialog
    // asked before replacing it, so it is replaced (whole), and nothing else is left there.
    const target = path.join(world.dir, 'credits for project X.csv');
    writeFileSync(target, 'an older export');
    world.node.setNextSaveFile(target);
    const result = await call<ExportResult>('downloads.exportList', [keys[1], keys[0]]);
    expect(result.rows).toBe(2);
    expect(result.path).toBe(target);
    expect(readdirSync(world.dir).filter((f) => f.includes('credits for project X'))).toEqual([
      'credits for project X.csv',
    ]);
    const rows = parse(readFileSync(result.path), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['query'])).toEqual([
      'name:"Joe, Inc"',
      `'=HYPERLINK("http://evil.example","x")`,
    ]);
    expect(rows[0]).toMatchObject({
      account: 'Team',
      status: 'completed',
      records: '200',
      'data type': 'businesses',
    });
    await call('files.reveal', result.path);
    expect(world.node.recorded.reveals).toEqual([result.path]);
  });

  it('a list that cannot be written says where, keeps what was there and leaves nothing behind', async () => {
    const { keys } = await accountWith([{ numRecords: 100 }]);
    // What was there cannot be replaced by a file (a folder by that name; permissions would not
    // stop the root user CI runs as).
    const folder = path.join(world.dir, 'exports');
    const target = path.join(folder, 'list.csv');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    world.node.setNextSaveFile(target);
    await expect(call('downloads.exportList', keys)).rejects.toMatchObject({
      code: 'disk',
      message: `The list could not be written to ${target}: a folder has that name. Choose another name or folder.`,
    });
    expect(readdirSync(folder)).toEqual(['list.csv']);
    expect(readdirSync(target)).toEqual(['inside']);
    // A folder gone since the dialog (a drive unplugged): the same clear error.
    world.node.setNextSaveFile(path.join(world.dir, 'unplugged', 'list.csv'));
    await expect(call('downloads.exportList', keys)).rejects.toMatchObject({
      code: 'disk',
      message: expect.stringMatching(/unplugged.*: that folder is no longer there\./),
    });
    // A name the file system refuses (longer than 255 bytes).
    world.node.setNextSaveFile(path.join(folder, `${'n'.repeat(300)}.csv`));
    await expect(call('downloads.exportList', keys)).rejects.toMatchObject({
      code: 'disk',
      message: expect.stringContaining(': the name is too long for this disk.'),
    });
    expect(readdirSync(folder)).toEqual(['list.csv']);
    // A long name the file system does take (251 bytes) is written, temporary name and all.
    const long = path.join(folder, `${'n'.repeat(247)}.csv`);
    world.node.setNextSaveFile(long);
    expect(await call<ExportResult>('downloads.exportList', keys)).toEqual({ path: long, rows: 1 });
    expect(readdirSync(folder).sort()).toEqual(['list.csv', path.basename(long)]);
  });
});

describe('bulk saves', () => {
  it('"Save all completed" queues every completed, unsaved download with working links, one at a time', async () => {
    const week = 8 * 24 * 3600_000;
    const { keys } = await accountWith([
      { numRecords: 1000 },
      { numRecords: 1000 },
      { numRecords: 1000 },
      { numRecords: 1000, running: true },
      { numRecords: 500, startedAt: world.clock.now() - week },
    ]);
    const result = await call<BulkSaveResult>('files.saveAllCompleted');
    expect([...result.queued].sort()).toEqual(keys.slice(0, 3).sort());
    const jobs = await waitForJobs((js) => js.length === 3 && js.every((j) => j.state === 'completed'));
    expect(jobs.map((j) => j.downloadKey).sort()).toEqual(keys.slice(0, 3).sort());
    // Never two downloads saving at once: each save ran with "Files at once" on its own.
    expect(mostSavingAtOnce()).toBe(1);
    // Nothing left to do: a second click queues nothing.
    expect(await call<BulkSaveResult>('files.saveAllCompleted')).toEqual({ queued: [], skipped: [] });
  });

  it('saves still queued when the app quits continue after the next launch, one at a time', async () => {
    const { keys } = await accountWith([{ numRecords: 1000 }, { numRecords: 1000 }, { numRecords: 1000 }]);
    const result = await call<BulkSaveResult>('files.saveAllCompleted');
    expect(result.queued).toHaveLength(3);
    // Quit at once: the first save has started, the other two still wait.
    await world.restart();
    const jobs = await waitForJobs((js) => js.length === 3 && js.every((j) => j.state === 'completed'));
    expect(jobs.map((j) => [j.downloadKey, j.state]).sort()).toEqual(
      keys.map((k) => [k, 'completed']).sort(),
    );
    // The relaunched backend's saves ran one at a time.
    expect(mostSavingAtOnce()).toBe(1);
  });

  it('saves a selection and says why the others were left out', async () => {
    const week = 8 * 24 * 3600_000;
    const { keys } = await accountWith([
      { numRecords: 500 },
      { numRecords: 500, running: true },
      { numRecords: 500, startedAt: world.clock.now() - week },
    ]);
    const result = await call<BulkSaveResult>('files.saveMany', keys);
    expect(result.queued).toEqual([keys[0]]);
    expect(result.skipped).toEqual([
      { key: keys[1], reason: 'it has not completed' },
      { key: keys[2], reason: 'its links have expired (use Run again)' },
    ]);
    await waitForJobs((js) => js.length === 1 && js[0]!.state === 'completed');
  });
});
