import { describe, expect, it } from 'vitest';
import { rejection } from '../../support/app-error.js';
import { checkVault, createKeytarVault } from '../../../main/core/accounts/vault-keytar.js';
import type { KeytarLike } from '../../../main/core/accounts/vault-keytar.js';
import { MemoryVault } from './support.js';

const noSecretService: KeytarLike = {
  getPassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided')),
  setPassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided')),
  deletePassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided')),
};

describe('createKeytarVault', () => {
  it('says what to install on Linux when no Secret Service answers', async () => {
    const vault = createKeytarVault({ loadKeytar: async () => noSecretService, platform: 'linux' });
    const err = await rejection(vault.set('id', 'secret-token'));
    expect(err.code).toBe('keychain');
    expect(err.message).toMatch(/gnome-keyring/);
    expect(err.message).toMatch(/KWallet/);
    expect(JSON.stringify(err.toInfo())).not.toContain('secret-token');
    expect(await vault.probe()).toEqual({ available: false, message: err.message });
  });

  it('turns a native module that cannot load into a keychain error, and loads again later', async () => {
    let attempts = 0;
    const vault = createKeytarVault({
      platform: 'linux',
      loadKeytar: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('libsecret-1.so.0: cannot open shared object file');
        const secrets = new Map<string, string>();
        return {
          getPassword: async (_s, a) => secrets.get(a) ?? null,
          setPassword: async (_s, a, p) => void secrets.set(a, p),
          deletePassword: async (_s, a) => secrets.delete(a),
        };
      },
    });
    const err = await rejection(vault.get('id'));
    expect(err.code).toBe('keychain');
    expect(err.message).toMatch(/libsecret/);
    // The user installed libsecret: no restart needed.
    await vault.set('id', 's');
    expect(await vault.get('id')).toBe('s');
    expect(attempts).toBe(2);
  });

  it('names the platform keychain elsewhere', async () => {
    const mac = createKeytarVault({ loadKeytar: async () => noSecretService, platform: 'darwin' });
    expect((await mac.probe()).message).toMatch(/Keychain Access/);
    const win = createKeytarVault({ loadKeytar: async () => noSecretService, platform: 'win32' });
    expect((await win.probe()).message).toMatch(/Credential Manager/);
  });

  it('reports a locked keychain as locked', async () => {
    const locked: KeytarLike = {
      ...noSecretService,
      setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    };
    const vault = createKeytarVault({ loadKeytar: async () => locked, platform: 'linux' });
    expect((await rejection(vault.set('id', 'x'))).message).toMatch(/locked/);
  });

  it('gives up probing a keychain that never answers', async () => {
    const never = () => new Promise<never>(() => {});
    const hanging: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };
    const vault = createKeytarVault({ loadKeytar: async () => hanging, probeTimeoutMs: 20 });
    const status = await vault.probe();
    expect(status.available).toBe(false);
    expect(status.message).toMatch(/did not answer/);
  });

  it('uses the app name as the keychain service', async () => {
    const calls: string[] = [];
    // Keeps what is written, like a keychain that is unlocked.
    const kept = new Map<string, string>();
    const vault = createKeytarVault({
      loadKeytar: async () => ({
        getPassword: async (s, a) => (calls.push(s), kept.get(a) ?? null),
        setPassword: async (s, a, p) => void (calls.push(s), kept.set(a, p)),
        deletePassword: async (s, a) => (calls.push(s), kept.delete(a)),
      }),
    });
    await vault.set('a', 'b');
    expect(await vault.probe()).toEqual({ available: true, message: null });
    expect(new Set(calls)).toEqual(new Set(['Datafiniti Downloads']));
    // The probe's own entry is gone again; the account's stays.
    expect([...kept.keys()]).toEqual(['a']);
  });

  it('takes "no such entry" for locked when a write the keychain accepted reads back as missing', async () => {
    // Cannot happen on a working keychain; a locked Secret Service answers every read with null.
    const forgetful: KeytarLike = {
      getPassword: async () => null,
      setPassword: async () => {},
      deletePassword: async () => false,
    };
    const vault = createKeytarVault({ loadKeytar: async () => forgetful, platform: 'linux' });
    expect((await rejection(vault.get('id'))).message).toMatch(/locked/);
    expect((await rejection(vault.delete('id'))).message).toMatch(/locked/);
    expect((await vault.probe()).available).toBe(false);
  });
});

describe('checkVault', () => {
  it('asks vaults without a probe for a missing entry', async () => {
    const vault = new MemoryVault();
    expect(await checkVault(vault)).toEqual({ available: true, message: null });
    vault.unavailable = true;
    expect((await checkVault(vault)).available).toBe(false);
  });
});
