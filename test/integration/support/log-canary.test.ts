// A canary token through the log file and "Copy diagnostics": the app's own logger (the same
// composition the shell uses: formatLogLine, then the secret registry, then main.log), a real
// keychain, real accounts verified against the simulator over HTTP, and lines that carry the
// token the careless ways a future change might log it. Neither the log files nor the
// diagnostics may contain the token in any form.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { createMemoryStore, DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import {
  collectDiagnostics,
  createAppLogger,
  createSecretRegistry,
  rememberingVault,
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
    sim.addAccount({ token: v4Token, version: 'v4' });
    sim.addAccount({ token: v3Token, version: 'v3' });

    const logsDir = await tempDir('logs');
    const crashDir = await tempDir('crash');
    dirs.push(logsDir, crashDir);
    const secrets = createSecretRegistry();
    const echoed: string[] = [];
    // A small file limit, so rotation happens and main.old.log is scanned too.
    const { logger } = createAppLogger({
      dir: logsDir,
      secrets,
      echo: (l) => echoed.push(l),
      maxBytes: 4096,
    });
    const store = createMemoryStore();
    const accounts = createAccountService({
      store,
      vault: rememberingVault(createKeytarVault({ service: SERVICE }), secrets),
      fetch: globalThis.fetch,
      defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
      logger,
    });
    const a4 = await accounts.add({ label: 'Canary v4', version: 'v4', token: v4Token });
    const a3 = await accounts.add({ label: 'Canary v3', version: 'v3', token: v3Token });
    accountIds.push(a4.id, a3.id);
    expect((await accounts.verify(a4.id)).state).toBe('ok');

    for (const token of [v4Token, v3Token]) {
      logger.info(`careless message with ${token}`);
      logger.warn('request failed', {
        url: `${sim.v4}/downloads?api_key=${encodeURIComponent(token)}`,
        headers: { Authorization: `Bearer ${token}` },
        basic: `Basic ${Buffer.from(`${token}:`).toString('base64')}`,
      });
      logger.error('echoed body', { body: `{"token":"${token}"}`, token });
    }
    for (let i = 0; i < 60; i++) logger.info('poll round', { round: i, accounts: 2 });

    // After a restart nothing has been typed in: the token is known only once it is read back
    // from the keychain (as every poll does), and from then on it is scrubbed too.
    const restarted = createSecretRegistry();
    const { logger: logger2 } = createAppLogger({ dir: logsDir, secrets: restarted, maxBytes: 4096 });
    const vault2 = rememberingVault(createKeytarVault({ service: SERVICE }), restarted);
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
    for (const token of [v4Token, v3Token]) {
      expect((await filesContaining([logsDir], token)).hits).toEqual([]);
      for (const form of secretForms(token)) {
        expect(text).not.toContain(form);
        expect(echoed.join('\n')).not.toContain(form);
      }
    }
  });
});
