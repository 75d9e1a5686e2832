// A canary token through the log file and "Copy diagnostics": the app's own logging (the
// shell's composition, createAppLogging: formatLogLine with its field redaction, then the secret
// registry fed by the wrapped keychain, then main.log), a real keychain, real accounts verified
// against the simulator over HTTP, and lines that carry tokens the careless ways a future change
// might log them. Neither the log files nor the diagnostics may contain a token in any form.
// The lines are chosen so that each redaction layer is the only guard of at least one of them:
// breaking any one layer fails this test.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { createMemoryStore, DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import {
  collectDiagnostics,
  createAppLogging,
  writeDiagnosticsFile,
} from '../../../main/core/support/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import {
  HAS_KEYRING,
  filesContaining,
  removeDirs,
  secretForms,
  tempDir,
  warnIfNoKeyring,
} from '../accounts/support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads log canary ${randomUUID()}`;
let sim: Simulator;
const dirs: string[] = [];
const accountIds: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
  if (HAS_KEYRING) for (const id of accountIds) await keytar.deletePassword(SERVICE, id);
  await removeDirs(dirs);
});

describe.skipIf(!HAS_KEYRING)('a canary token and the log files', () => {
  it('never reaches main.log, main.old.log or the diagnostics', async () => {
    const v4Token = `canary-v4-${randomUUID()}`;
    const v3Token = `canary-v3-${randomUUID()}`;
    const refusedToken = `canary-refused-${randomUUID()}`;
    sim.addAccount({ token: v4Token, version: 'v4' });
    sim.addAccount({ token: v3Token, version: 'v3' });

    const logsDir = await tempDir('logs');
    const crashDir = await tempDir('crash');
    dirs.push(logsDir, crashDir);
    const echoed: string[] = [];
    // A small file limit, so rotation happens and main.old.log is scanned too.
    const { logger, secrets, guardVault } = createAppLogging({
      dir: logsDir,
      echo: (l) => echoed.push(l),
      maxBytes: 4096,
    });
    const store = createMemoryStore();
    const accounts = createAccountService({
      store,
      vault: guardVault(createKeytarVault({ service: SERVICE })),
      fetch: globalThis.fetch,
      defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
      logger,
    });
    const a4 = await accounts.add({ label: 'Canary v4', version: 'v4', token: v4Token });
    const a3 = await accounts.add({ label: 'Canary v3', version: 'v3', token: v3Token });
    accountIds.push(a4.id, a3.id);
    expect((await accounts.verify(a4.id)).state).toBe('ok');
    // A token typed into the form that the API refuses (the simulator answers 401 to a token it
    // does not know) is never stored, so the registry never learns it.
    await expect(
      accounts.add({ label: 'Canary refused', version: 'v4', token: refusedToken }),
    ).rejects.toMatchObject({ code: 'auth' });
    expect(secrets.redact(`typed: ${refusedToken}`)).toBe(`typed: ${refusedToken}`);

    for (const token of [v4Token, v3Token]) {
      logger.info(`careless message with ${token}`);
      logger.warn('request failed', {
        url: `${sim.v4}/downloads?api_key=${encodeURIComponent(token)}`,
        headers: { Authorization: `Bearer ${token}` },
        basic: `Basic ${Buffer.from(`${token}:`).toString('base64')}`,
      });
      logger.error('echoed body', { body: `{"token":"${token}"}`, token });
    }
    // The refused token has only the other two layers. A future change that logs what the form
    // was given when verification fails: under a secret-sounding key whose JSON form no
    // credential shape matches, only formatLogLine's field redaction stops it...
    logger.warn('new account not verified', { apiToken: refusedToken, cookie: `session=${refusedToken}` });
    // ...and in a URL or an Authorization header under a harmless key, only the credential shapes.
    logger.warn('request failed', {
      url: `${sim.v4}/account?api_key=${encodeURIComponent(refusedToken)}`,
      headers: { Authorization: `Bearer ${refusedToken}` },
    });
    // ...and in the other careless shapes, again only the credential shapes: a server's JSON
    // answer logged as a string (its quotes escaped), a secret-named key deeper down, prose, and a
    // header value whose line break JSON escaped.
    logger.error('echoed body', { body: `{"access_token":"${refusedToken}","ok":false}` });
    logger.warn('request failed', { request: { apiToken: refusedToken } });
    logger.warn(`sign-in failed for token=${refusedToken}`);
    logger.warn('header', { sent: `Bearer\n${refusedToken}` });
    for (let i = 0; i < 60; i++) logger.info('poll round', { round: i, accounts: 2 });

    // After a restart nothing has been typed in: the token is known only once it is read back
    // from the keychain (as every poll does), and from then on it is scrubbed too.
    const restart = createAppLogging({ dir: logsDir, maxBytes: 4096 });
    const { logger: logger2, secrets: restarted } = restart;
    const vault2 = restart.guardVault(createKeytarVault({ service: SERVICE }));
    for (const id of [a4.id, a3.id])
      logger2.info(`read from the keychain: ${(await vault2.get(id)) ?? 'nothing'}`);
    logger2.info('poll round', { round: 60, accounts: 2 });

    const text = await collectDiagnostics(
      {
        generatedAt: new Date(),
        appVersion: '0.1.0',
        versions: process.versions,
        os: { platform: process.platform, release: 'test', arch: process.arch },
        installKind: 'development',
        update: 'Development build.',
        settings: DEFAULT_SETTINGS,
        accounts: accounts.list(),
        statuses: [{ state: 'ok' }, { state: 'ok' }],
        online: true,
        keychain: { available: true, message: null },
        logsFolder: logsDir,
      },
      crashDir,
      restarted.redact,
    );
    const diagnosticsFile = await writeDiagnosticsFile(logsDir, text, new Date());

    // What a supporter reads: counts per API version, the log tail, no account names.
    expect(text).toContain('  v4: 1 (ok 1)');
    expect(text).toMatch(/ {2}v3: 1 \((ok|unverified) 1\)/);
    expect(text).toContain('0 in ' + crashDir);
    expect(text).toContain('INFO poll round {"round":60,"accounts":2}');
    expect(text).not.toContain('Canary v4');
    expect(await readFile(diagnosticsFile, 'utf8')).toBe(text);

    const scanned = await filesContaining([logsDir], v4Token);
    expect(scanned.scanned).toBe(3); // main.log, main.old.log, the diagnostics file
    const terminal = echoed.join('\n');
    for (const [name, token] of Object.entries({ v4Token, v3Token, refusedToken })) {
      expect((await filesContaining([logsDir], token)).hits, `log files holding ${name}`).toEqual([]);
      for (const form of secretForms(token)) {
        expect(text, `diagnostics holding ${name}`).not.toContain(form);
        expect(terminal, `terminal lines holding ${name}`).not.toContain(form);
      }
    }
    // The refused token's lines were written, each redacted by the one layer that can.
    expect(terminal).toContain(
      'WARN new account not verified {"apiToken":"[redacted]","cookie":"[redacted]"}',
    );
    expect(terminal).toContain('/account?api_key=[redacted]","headers":{"Authorization":"[redacted]"}}');
    expect(terminal).toContain(String.raw`{"body":"{\"access_token\":\"[redacted]\",\"ok\":false}"}`);
    expect(terminal).toContain('WARN sign-in failed for token=[redacted]');
  });
});
