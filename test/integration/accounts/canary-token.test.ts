// A canary token goes through the app's own paths, the backend as the window drives it: add and
// verify accounts, poll rounds of the monitor, a settings save, the app's logging (the shell's
// composition: field redaction, the secret registry fed by the wrapped keychain, main.log), a
// save of the result files by the saver, and a server that echoes the token back in an error
// (which the monitor turns into "needs sign-in" with the server's words). Afterwards the token
// must be in the keychain and in the Authorization header of API requests, and nowhere else: not
// in any file the app wrote, not in what it sent to the window, not in a URL, not to the file host.
// A token the API refuses is never stored, so the registry never learns it: it must be nowhere too.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createKeytarVault } from '../../../main/core/accounts/index.js';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Account, AppStatus, CallResult, Download, SaveJob } from '../../../preload/contract/index.js';
import { createAppLogging } from '../../../main/core/support/index.js';
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
    const refusedToken = `canary-refused-${randomUUID()}`;
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
    // The app's logging as the shell composes it, with main.log in the test's temp dir, and the
    // keychain wrapped as the shell wraps it (every token read or written is then scrubbed).
    const logging = createAppLogging({ dir: logDir });
    const logFile = logging.logFile.path;
    const node = createNodePorts({
      dataDir: storeDir,
      downloadsDir: saveDir,
      vault: logging.guardVault(createKeytarVault({ service: SERVICE })),
      clock,
      logger: logging.logger,
      defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
    });
    const backend = createBackend({ ...node.ports, random: () => 0.5 });
    const sent: unknown[] = [];
    const statuses: AppStatus[] = [];
    backend.subscribe((event, payload) => {
      sent.push({ event, payload });
      if (event === 'status') statuses.push(payload as AppStatus);
    });
    const answer = async <T>(method: string, ...args: unknown[]): Promise<CallResult<T>> => {
      const result = (await backend.call(method, args)) as CallResult<T>;
      sent.push({ method, result });
      return result;
    };
    const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
      const result = await answer<T>(method, ...args);
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

    // A token typed into the form that the API refuses (the simulator answers 401 to a token it
    // does not know; this server even echoes it back): the form says so in the app's words, and
    // the token is never stored, so the log redaction never learns it.
    // Only its request: the accounts added above read /v4/account for their credits meanwhile.
    sim.inject({ kind: 'echo-auth', path: '/v4/account', authorization: `Bearer ${refusedToken}`, times: 1 });
    const refused = await answer<Account>('accounts.add', {
      label: 'Canary refused',
      version: 'v4',
      token: refusedToken,
    });
    expect(sim.log.find((e) => e.authorization === `Bearer ${refusedToken}`)).toMatchObject({
      path: '/v4/account',
      status: 401,
      fault: 'echo-auth',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(refused.ok ? '' : refused.error.message).toContain('Datafiniti did not accept this API token.');
    expect((await call<Account[]>('accounts.list')).map((a) => a.label)).toEqual(['Canary v4', 'Canary v3']);

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
    // (in the app's own words), and the server's words reach the log and the window's account
    // status, redacted. The window is not written through the logger's scrub: there the
    // Datafiniti client's redactor is the only thing between the echoed token and the renderer.
    sim.inject({ kind: 'echo-auth', path: '/v4/downloads', times: 5 });
    await call('downloads.refresh');
    await passTime(5_000);
    const after = await call<Account[]>('accounts.list');
    expect(after.find((a) => a.id === a4.id)).toMatchObject({
      state: 'needs-sign-in',
      stateReason: TOKEN_REJECTED_REASON,
    });
    expect(readFileSync(logFile, 'utf8')).toContain('The request carried: Bearer [redacted]');
    const shownErrors = statuses.flatMap((st) => st.accounts.filter((a) => a.accountId === a4.id));
    expect(shownErrors.map((a) => a.lastError?.message)).toContain(
      'Invalid token. The request carried: Bearer [redacted]',
    );
    await backend.dispose();

    // The keychain holds each token under its account.
    expect(await keytar.getPassword(SERVICE, a4.id)).toBe(v4Token);
    expect(await keytar.getPassword(SERVICE, a3.id)).toBe(v3Token);

    // The refused token is in no keychain entry of this app.
    const stored = await keytar.findCredentials(SERVICE);
    expect(stored.map((c) => c.password)).not.toContain(refusedToken);

    // No file the app wrote holds any of the tokens in any form; the keyring's own file (under
    // XDG_DATA_HOME of with-keyring.sh) keeps it encrypted, so it must not show there either.
    const tokens = [v4Token, v3Token, refusedToken];
    const scanDirs = [storeDir, logDir, saveDir];
    if (process.env.XDG_DATA_HOME) scanDirs.push(process.env.XDG_DATA_HOME);
    for (const token of tokens) {
      const { hits, scanned } = await filesContaining(scanDirs, token);
      expect(hits).toEqual([]);
      expect(scanned).toBeGreaterThanOrEqual(6); // store, log, 3 saved files, manifest, keyring
    }
    // Nor anything the window was sent or answered.
    const toWindow = JSON.stringify(sent);
    expect(statuses.length).toBeGreaterThan(0);
    for (const form of tokens.flatMap(secretForms)) {
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
      for (const form of tokens.flatMap(secretForms)) {
        expect(elsewhere).not.toContain(form);
      }
      if (authorization !== undefined) {
        expect(entry.path).toMatch(/^\/v[34]\//);
      }
    }
    const apiAuth = sim.log.filter((e) => /^\/v[34]\//.test(e.path)).map((e) => e.authorization);
    expect(apiAuth).toContain(`Bearer ${v4Token}`);
    expect(apiAuth).toContain(`Basic ${Buffer.from(`${v3Token}:`).toString('base64')}`);
    expect(apiAuth).toContain(`Bearer ${refusedToken}`);
  });
});
