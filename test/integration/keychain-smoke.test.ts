// Proves the test environment reaches a real Secret Service through keytar, the same path the
// app uses on a Linux desktop.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const keyringReady = process.env.DATAFINITI_KEYRING === 'gnome-keyring';
if (!keyringReady) {
  console.warn(
    'SKIPPED keychain smoke test: no Secret Service in this run. Run through `npm test` ' +
      '(test/with-keyring.sh starts gnome-keyring under dbus-run-session).',
  );
}

describe('OS keychain (gnome-keyring over D-Bus)', () => {
  it.skipIf(!keyringReady)('stores, reads back and deletes a secret', async () => {
    const keytar = (await import('keytar')).default;
    const service = `datafiniti-smoke-${randomUUID()}`;
    await keytar.setPassword(service, 'account-1', 'secret-value');
    expect(await keytar.getPassword(service, 'account-1')).toBe('secret-value');
    expect(await keytar.deletePassword(service, 'account-1')).toBe(true);
    expect(await keytar.getPassword(service, 'account-1')).toBeNull();
  });
});
