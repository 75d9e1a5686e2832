import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfStore } from '../../../main/core/settings/index.js';
import {
  createJsonFileStore,
  HISTORY_FILE,
  openStateStores,
  SAVE_JOBS_FILE,
} from '../../../main/core/stores/index.js';
import { recordingLogger } from '../../support/recording-logger.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-stores-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('JSON file store', () => {
  it('keeps values across instances, keys with dots included, and returns copies', () => {
    const file = path.join(dir, 'nested', 'state.json');
    const store = createJsonFileStore({ file });
    expect(store.path).toBe(file);
    store.set('a.b:v4:1', { n: 1 });
    store.set('list', [1, 2]);
    store.delete('list');
    store.get<{ n: number }>('a.b:v4:1')!.n = 99;

    const again = createJsonFileStore({ file });
    expect(again.get('a.b:v4:1')).toEqual({ n: 1 });
    expect(again.get('list')).toBeUndefined();
    expect(readJson(file)).toEqual({ 'a.b:v4:1': { n: 1 } });
  });

  it('reads the file once: a write keeps what it holds, not what another process wrote since', () => {
    const file = path.join(dir, 'state.json');
    const store = createJsonFileStore({ file });
    store.set('a', 1);
    fs.writeFileSync(file, JSON.stringify({ a: 1, b: 2 }));
    store.set('c', 3);
    expect(readJson(file)).toEqual({ a: 1, c: 3 });
  });

  it('writes through a temporary file renamed into place, leaving no temporary behind', () => {
    const file = path.join(dir, 'state.json');
    const store = createJsonFileStore({ file });
    const renames: string[] = [];
    const rename = fs.renameSync;
    fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
      renames.push(`${path.basename(String(from))} -> ${path.basename(String(to))}`);
      rename(from, to);
    }) as typeof fs.renameSync;
    try {
      store.set('a', { big: 'x'.repeat(1000) });
    } finally {
      fs.renameSync = rename;
    }
    expect(renames).toEqual([`state.json.${process.pid}.tmp -> state.json`]);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('a failed write leaves the previous file whole and the error to the caller', () => {
    const file = path.join(dir, 'state.json');
    const store = createJsonFileStore({ file });
    store.set('a', 1);
    // A folder where the temporary file would go makes the write fail, as a full disk would.
    fs.mkdirSync(`${file}.${process.pid}.tmp`);
    expect(() => store.set('b', 2)).toThrow();
    expect(readJson(file)).toEqual({ a: 1 });
  });

  it.each([
    ['garbage', '\u0000{not json'],
    ['a JSON array', '[1,2]'],
  ])('moves a corrupt file (%s) aside, logs it, and starts empty', (_label, content) => {
    const file = path.join(dir, 'history.json');
    fs.writeFileSync(file, content);
    const logger = recordingLogger();
    const store = createJsonFileStore({ file, logger, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(store.get('anything')).toBeUndefined();
    const aside = path.join(dir, 'history.corrupt-2026-01-02T03-04-05-000Z.json');
    expect(fs.readFileSync(aside, 'utf8')).toBe(content);
    expect(logger.lines.join('\n')).toContain(`moved it to ${aside}`);
    store.set('k', 1);
    expect(readJson(file)).toEqual({ k: 1 });
  });
});

describe('state stores: history and save jobs in files of their own', () => {
  const history = { version: 1, baselined: ['acc.1'], downloads: {} };
  const jobs = { 'job-1': { schema: 1, jobId: 'job-1' } };
  const combine = { 'job-1': { state: 'done' } };

  it('moves the old shared file’s keys over once and leaves settings and accounts where they were', () => {
    const shared = createConfStore({ cwd: dir, name: 'config' });
    shared.set('settings', { version: 1, values: { pollFastSeconds: 10 } });
    shared.set('accounts', [{ id: 'acc.1' }]);
    shared.set('monitorHistory', history);
    shared.set('saveJobs', jobs);
    shared.set('combineJobs', combine);

    const stores = openStateStores({ dir, shared });

    expect(stores.history.read()).toEqual(history);
    expect(stores.saveJobs.get('saveJobs')).toEqual(jobs);
    expect(stores.saveJobs.get('combineJobs')).toEqual(combine);
    // The format the app always wrote, plus the id its journal refers to.
    expect(readJson(path.join(dir, HISTORY_FILE))).toEqual({
      monitorHistory: { ...history, journalId: expect.any(String) },
    });
    expect(readJson(path.join(dir, SAVE_JOBS_FILE))).toEqual({ saveJobs: jobs, combineJobs: combine });
    expect(readJson(path.join(dir, 'config.json'))).toEqual({
      settings: { version: 1, values: { pollFastSeconds: 10 } },
      accounts: [{ id: 'acc.1' }],
    });

    // The next start finds nothing to move and keeps what the new files hold.
    stores.history.replace({ ...history, baselined: [] });
    const again = openStateStores({ dir, shared: createConfStore({ cwd: dir, name: 'config' }) });
    expect(again.history.read()).toEqual({ ...history, baselined: [] });
  });

  it('after a crash between writing the new file and deleting the old key, the new file wins', () => {
    fs.writeFileSync(path.join(dir, HISTORY_FILE), JSON.stringify({ monitorHistory: history }));
    const shared = createConfStore({ cwd: dir, name: 'config' });
    shared.set('monitorHistory', { version: 1, baselined: ['stale'], downloads: {} });

    const stores = openStateStores({ dir, shared });

    expect(stores.history.read()).toEqual(history);
    expect(shared.get('monitorHistory')).toBeUndefined();
  });
});
