// Real things for the account tests: temp dirs for a `conf` store and the logs, the keytar
// vault against the Secret Service that test/with-keyring.sh starts, and a file scanner that
// looks for a secret in every form it could leak in.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** with-keyring.sh sets this once gnome-keyring answers on the private D-Bus session. */
export const HAS_KEYRING = process.env.DATAFINITI_KEYRING === 'gnome-keyring';
export const NO_KEYRING_REASON =
  'SKIPPED keychain tests: no Secret Service. Run them with `bash test/with-keyring.sh npx vitest run ' +
  'test/integration/accounts` (needs dbus-run-session and gnome-keyring-daemon).';

export function warnIfNoKeyring(): void {
  if (!HAS_KEYRING) console.warn(`\n*** ${NO_KEYRING_REASON} ***\n`);
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `df-accounts-${prefix}-`));
}

export async function removeDirs(dirs: string[]): Promise<void> {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

/** The token as itself and as it would look inside a v3 Basic header. */
export function secretForms(token: string): string[] {
  return [token, Buffer.from(`${token}:`).toString('base64'), Buffer.from(token).toString('base64')];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every file under `dirs` whose bytes contain any form of the token, and how many were read. */
export async function filesContaining(
  dirs: string[],
  token: string,
): Promise<{ hits: string[]; scanned: number }> {
  const needles = secretForms(token).map((s) => Buffer.from(s));
  const hits: string[] = [];
  let scanned = 0;
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file).catch(() => null);
      if (!bytes) continue;
      scanned += 1;
      if (needles.some((n) => bytes.includes(n))) hits.push(file);
    }
  }
  return { hits, scanned };
}
