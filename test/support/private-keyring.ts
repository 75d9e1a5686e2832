// Tests that lock, stop or freeze the keychain run their part in a child process inside a
// private keychain of its own (test/with-keyring.sh), so the suite's shared one is never touched.
// The test side starts the child and reads its one JSON line; the child side has the D-Bus calls
// that do to the keychain what a desktop (or a crash) would.
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toErrorInfo } from '../../main/core/errors.js';

const run = promisify(execFile);
const WITH_KEYRING = fileURLToPath(new URL('../with-keyring.sh', import.meta.url));

/**
 * Runs `child` (a .ts file) under a fresh private keyring with `env` added; its last stdout line,
 * as JSON.parse gives it (the child's own shape, read by the test's assertions).
 */
export async function runInOwnKeyring(
  child: string,
  env: Record<string, string>,
): Promise<ReturnType<typeof JSON.parse>> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Set inside the suite's keyring; without it with-keyring.sh starts one for the child alone.
  delete childEnv.DATAFINITI_IN_KEYRING;
  const { stdout } = await run('bash', [WITH_KEYRING, process.execPath, '--import', 'tsx', child], {
    env: childEnv,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

/** In the child: refuses to run outside test/with-keyring.sh. */
export function requireOwnKeyring(): void {
  if (process.env.DATAFINITI_KEYRING !== 'gnome-keyring')
    throw new Error('run me under test/with-keyring.sh');
}

/** The Secret Service's own Lock call, as GNOME makes when the screen locks or Seahorse's "Lock". */
export function lockLoginKeyring(): void {
  execFileSync('gdbus', [
    'call',
    '--session',
    '--dest',
    'org.freedesktop.secrets',
    '--object-path',
    '/org/freedesktop/secrets',
    '--method',
    'org.freedesktop.Secret.Service.Lock',
    "['/org/freedesktop/secrets/collection/login']",
  ]);
}

/** The pid of the daemon started for this child: the owner of the Secret Service name on its bus. */
export function keyringDaemonPid(): number {
  const owner = execFileSync(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.GetConnectionUnixProcessID',
      'org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  );
  return Number(/(\d+),?\)/.exec(owner)?.[1]);
}

/** What a step ended with, as plain data for the JSON line. */
export async function outcome(step: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: true, value: await step() };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
