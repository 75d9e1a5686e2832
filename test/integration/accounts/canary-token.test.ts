// A canary token goes through the app's own paths, the backend as the window drives it: add and
// verify accounts, poll rounds of the monitor, a settings save, the app's logger, a save of the
// result files by the saver, and a server that echoes the token back in an error (which the
// monitor turns into "needs sign-in" with the server's words). Afterwards the token must be in
// the keychain and in the Authorization header of API requests, and nowhere else: not in any
// file the app wrote, not in what it sent to the window, not in a URL, not to the file host.
import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createKeytarVault } from '../../../main/core/accounts/index.js';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Account, CallResult, Download, SaveJob } from '../../../preload/contract/index.js';
import { createStreamLogger } from '../../../main/core/logger.js';
import { TOKEN_REJECTED_REASON } from '../../../main/core/accounts/messages.js';
import { createNodePorts } from '../../harness/node-ports.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { VirtualClock } from '../../support/virtual-clock.js';
import {
  HAS_KEYRING,
  filesContaining,
  removeDirs,
  secretForms,
  tempDir,
  warnIfNoKeyring,
} from './support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads canary ${randomUUID()}`;

let clock: VirtualClock;
let sim: Simulator;
const dirs: string[] = [];
const accountIds: string[] = [];

beforeAll(async () => {
  clock = new VirtualClock(Date.parse('2026-01-05T09:00:00Z'));
  sim = await startSimulator({ now: clock.now });
});

afterAll(async () => {
  await sim.close();
  if (HAS_KEYRING) for (const id of accountIds) await keytar.deletePassword(SERVICE, id);
  await removeDirs(dirs);
});

describe.skipIf(!HAS_KEYRING)('a canary token', () => {
  it('appears only in the keychain and in API Authorization headers', { timeout: 60_000 }, async () => {
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
    const logFile = join(logDir, 'main.log');
    // The app's own logger (field redaction included), writing where the test can read it.
    const logger = createStreamLogger((line) => appendFileSync(logFile, `${line}\n`));
    const node = createNodePorts({
      dataDir: storeDir,
      downloadsDir: saveDir,
      vault: createKeytarVault({ service: SERVICE }),
      clock,
      logger,
      defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
    });
    const backend = createBackend({ ...node.ports, random: () => 0.5 });
    const sent: unknown[] = [];
    backend.subscribe((event, payload) => sent.push({ event, payload }));
    const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
      const result = (await backend.call(method, args)) as CallResult<T>;
      sent.push({ method, result });
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };
    const passTime = async (ms: number): Promise<void> => {
      for (let done = 0; done < ms; done += 1000) await clock.advance(1000);
    };
    await backend.start();

    // Add and verify, as the add-account form does.
    const a4 = await call<Account>('accounts.add', { label: 'Canary v4', version: 'v4', token: v4Token });
    const a3 = await call<Account>('accounts.add', { label: 'Canary v3', version: 'v3', token: v3Token });
    accountIds.push(a4.id, a3.id);
    expect(a4.state).toBe('ok');
    expect(a3.state).toBe('ok');

    // The monitor polls until the downloads are done.
    await passTime(30_000);
    const { downloads } = await call<{ downloads: Download[] }>('downloads.snapshot');
    const completed = downloads.find((d) => d.id === v4Download.id && d.status === 'completed');
    expect(completed?.files.length).toBe(3);

    // A settings save, as the settings screen does.
    await call('settings.update', { pollFastSeconds: 5, autoSave: false });

    // The saver fetches the result files into the save folder.
    const job = await call<SaveJob>('files.save', completed!.key);
    for (let i = 0; i < 200; i++) {
      const now = (await call<SaveJob[]>('files.jobs')).find((j) => j.jobId === job.jobId);
      if (now?.state === 'completed') break;
      await clock.advance(100);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await call<SaveJob[]>('files.jobs')).find((j) => j.jobId === job.jobId)?.state).toBe('completed');

    // A server (or proxy) that answers with the token it was sent: the account needs sign-in
    // (in the app's own words), and the server's words reach the log, redacted.
    sim.inject({ kind: 'echo-auth', path: '/v4/downloads', times: 5 });
    await call('downloads.refresh');
    await passTime(5_000);
    const after = await call<Account[]>('accounts.list');
    expect(after.find((a) => a.id === a4.id)).toMatchObject({
      state: 'needs-sign-in',
      stateReason: TOKEN_REJECTED_REASON,
    });
    expect(readFileSync(logFile, 'utf8')).toContain('The request carried: Bearer [redacted]');
    await backend.dispose();

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
      expect(scanned).toBeGreaterThanOrEqual(6); // store, log, 3 saved files, manifest, keyring
    }
    // Nor anything the window was sent or answered.
    const toWindow = JSON.stringify(sent);
    for (const form of [...secretForms(v4Token), ...secretForms(v3Token)]) {
      expect(toWindow).not.toContain(form);
    }

    // Requests: the token travels only in the Authorization header of /v3 and /v4 calls.
    const fileRequests = sim.log.filter((e) => e.path.startsWith('/files/'));
    expect(fileRequests.length).toBe(3);
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
