// A canary token goes through everything the app does with an account: add and verify, a poll
// round, a settings save, logging, and downloading a result file. Afterwards it must be in the
// keychain and in the Authorization header of API requests, and nowhere else: not in any file
// the app wrote, not in a URL, not sent to the file host.
import { createConfStore } from '../../../main/core/settings/index.js';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import type { Download } from '../../../preload/contract/index.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import {
  HAS_KEYRING,
  fileLogger,
  filesContaining,
  removeDirs,
  secretForms,
  tempDir,
  warnIfNoKeyring,
} from './support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads canary ${randomUUID()}`;
const START = Date.parse('2026-01-05T09:00:00Z');

let now = START;
let sim: Simulator;
const dirs: string[] = [];
const accountIds: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ now: () => now });
});

afterAll(async () => {
  await sim.close();
  if (HAS_KEYRING) for (const id of accountIds) await keytar.deletePassword(SERVICE, id);
  await removeDirs(dirs);
});

describe.skipIf(!HAS_KEYRING)('a canary token', () => {
  it('appears only in the keychain and in API Authorization headers', async () => {
    const v4Token = `canary-v4-${randomUUID()}`;
    const v3Token = `canary-v3-${randomUUID()}`;
    sim.addAccount({ token: v4Token, version: 'v4' });
    sim.addAccount({ token: v3Token, version: 'v3' });
    const v4Download = sim.addDownload(v4Token, {
      dataType: 'products',
      format: 'csv',
      numRecords: 30,
      recordsPerFile: 10,
      queuedMs: 100,
      durationMs: 1000,
    });
    sim.addDownload(v3Token, { dataType: 'businesses', format: 'json', numRecords: 5, durationMs: 1000 });

    const storeDir = await tempDir('canary-store');
    const logDir = await tempDir('canary-logs');
    const saveDir = await tempDir('canary-saved');
    dirs.push(storeDir, logDir, saveDir);
    const store = createConfStore({ cwd: storeDir, name: 'datafiniti-downloads' });
    const logger = fileLogger(join(logDir, 'main.log'));
    const accounts = createAccountService({
      store,
      vault: createKeytarVault({ service: SERVICE }),
      fetch: globalThis.fetch,
      defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
      logger,
    });

    // Add and verify, as the add-account form does.
    const a4 = await accounts.add({ label: 'Canary v4', version: 'v4', token: v4Token });
    const a3 = await accounts.add({ label: 'Canary v3', version: 'v3', token: v3Token });
    accountIds.push(a4.id, a3.id);
    expect((await accounts.verify(a4.id)).state).toBe('ok');
    expect((await accounts.verify(a3.id)).state).toBe('ok');

    // The downloads finish; one poll round per account, logged the way the monitor would.
    now += 10_000;
    let completed: Download | undefined;
    for (const account of accounts.list()) {
      const client = await accounts.clientFor(account);
      const list = await client.list();
      logger.info('poll round', {
        accountId: account.id,
        downloads: list.map((d) => ({ key: d.key, status: d.status, numDownloaded: d.numDownloaded })),
      });
      for (const d of list) {
        const detail = await client.get(d.id);
        logger.info('download detail', { key: detail.key, status: detail.status, files: detail.files });
        if (detail.status === 'completed' && detail.files.length > 0 && account.version === 'v4') {
          completed = detail;
        }
      }
    }
    expect(completed?.id).toBe(v4Download.id);

    // Settings are saved beside the accounts, as the settings screen does.
    store.set('settings', { pollFastSeconds: 5, pollSlowSeconds: 60, autoSave: true });

    // One result file is fetched the way the saver does: the URL's own signature, no credentials.
    const file = completed!.files[0]!;
    const response = await globalThis.fetch(file.url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBeGreaterThan(0);
    await writeFile(join(saveDir, file.name), body);
    await logger.flush();

    // The keychain holds each token under its account.
    expect(await keytar.getPassword(SERVICE, a4.id)).toBe(v4Token);
    expect(await keytar.getPassword(SERVICE, a3.id)).toBe(v3Token);

    // No file the app wrote holds either token in any form; the keyring's own file (under
    // XDG_DATA_HOME of with-keyring.sh) keeps it encrypted, so it must not show there either.
    const scanDirs = [storeDir, logDir, saveDir];
    if (process.env.XDG_DATA_HOME) scanDirs.push(process.env.XDG_DATA_HOME);
    for (const token of [v4Token, v3Token]) {
      const { hits, scanned } = await filesContaining(scanDirs, token);
      expect(hits).toEqual([]);
      expect(scanned).toBeGreaterThanOrEqual(4); // settings, log, saved file, keyring
    }

    // Requests: the token travels only in the Authorization header of /v3 and /v4 calls.
    const fileRequests = sim.log.filter((e) => e.path.startsWith('/files/'));
    expect(fileRequests.length).toBeGreaterThan(0);
    for (const entry of fileRequests) {
      expect(entry.auth).toBe('none');
      expect(entry.cookie).toBeUndefined();
    }
    for (const entry of sim.log) {
      const { authorization, ...rest } = entry;
      const elsewhere = JSON.stringify(rest);
      for (const form of [...secretForms(v4Token), ...secretForms(v3Token)]) {
        expect(elsewhere).not.toContain(form);
      }
      if (authorization !== undefined) {
        expect(entry.path).toMatch(/^\/v[34]\//);
      }
    }
    const apiAuth = sim.log.filter((e) => /^\/v[34]\//.test(e.path)).map((e) => e.authorization);
    expect(apiAuth).toContain(`Bearer ${v4Token}`);
    expect(apiAuth).toContain(`Basic ${Buffer.from(`${v3Token}:`).toString('base64')}`);
  });
});
