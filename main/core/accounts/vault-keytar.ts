// The CredentialVault backed by the OS keychain through keytar (macOS Keychain, Windows
// Credential Manager, a Secret Service such as gnome-keyring on Linux). There is deliberately
// no fallback: when no keychain answers, every call fails with AppError `keychain` and the
// secret is never written anywhere else.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { CredentialVault } from '../ports.js';
import {
  KEYCHAIN_LOCKED_MESSAGE,
  KEYCHAIN_TIMEOUT_MESSAGE,
  keychainModuleMessage,
  keychainUnavailableMessage,
} from './messages.js';

// Where the secrets are filed in the keychain: stored data, so it stays as it is even if the
// app's display name (APP_NAME) changes.
export const DEFAULT_KEYCHAIN_SERVICE = 'Datafiniti Downloads';

/** The part of keytar this vault uses, so tests can stand in a failing module. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface VaultStatus {
  available: boolean;
  /** What to install or start, for a banner; null when available. */
  message: string | null;
}

export interface KeytarVault extends CredentialVault {
  readonly service: string;
  /** Whether the keychain can store and read a secret now (a write, read and delete of its own). Never throws. */
  probe(): Promise<VaultStatus>;
}

export interface KeytarVaultOptions {
  service?: string;
  /** Defaults to a dynamic `import('keytar')`, so a missing native module is an error, not a crash. */
  loadKeytar?: () => Promise<KeytarLike>;
  platform?: NodeJS.Platform;
  /** How long a probe waits for the keychain (which may be showing an unlock prompt). */
  probeTimeoutMs?: number;
}

/** An account name that is never one of ours (ids are UUIDs), written only to prove the keychain answers. */
const PROBE_ACCOUNT = 'datafiniti-downloads-probe';

async function importKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  // keytar is CommonJS: under ESM its functions sit on `default` (only some are also named exports).
  return mod.default ?? mod;
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

export function createKeytarVault(options: KeytarVaultOptions = {}): KeytarVault {
  const service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  const load = options.loadKeytar ?? importKeytar;
  const platform = options.platform ?? process.platform;
  const probeTimeoutMs = options.probeTimeoutMs ?? 15_000;

  // A failed load is not cached: after the user installs libsecret or starts a keyring, the
  // next call should work without restarting the app.
  let loaded: Promise<KeytarLike> | null = null;
  async function keytar(): Promise<KeytarLike> {
    if (!loaded) {
      loaded = load();
      loaded.catch(() => {
        loaded = null;
      });
    }
    try {
      return await loaded;
    } catch (err) {
      throw new AppError('keychain', keychainModuleMessage(platform), { reason: reasonOf(err) });
    }
  }

  async function call<T>(op: (k: KeytarLike) => Promise<T>): Promise<T> {
    const k = await keytar();
    try {
      return await op(k);
    } catch (err) {
      const reason = reasonOf(err);
      const message = /locked/i.test(reason) ? KEYCHAIN_LOCKED_MESSAGE : keychainUnavailableMessage(platform);
      throw new AppError('keychain', message, { reason });
    }
  }

  /**
   * Writes an entry of its own, reads it back and deletes it; throws when the keychain cannot do
   * that. A locked Secret Service (screen lock, Seahorse's "Lock", an unlock prompt dismissed)
   * answers a read with "no such entry" and a delete with "nothing deleted", never an error:
   * only a write says it is locked. One at a time, so two checks never read each other's entry.
   */
  let confirming: Promise<void> | null = null;
  function confirmWorking(): Promise<void> {
    confirming ??= (async () => {
      const marker = randomUUID();
      // A read first: a keychain service that is gone fails it at once, where a write may wait
      // on D-Bus starting a new one.
      await call((k) => k.getPassword(service, PROBE_ACCOUNT));
      await call((k) => k.setPassword(service, PROBE_ACCOUNT, marker));
      const back = await call((k) => k.getPassword(service, PROBE_ACCOUNT));
      await call((k) => k.deletePassword(service, PROBE_ACCOUNT));
      if (back !== marker) {
        throw new AppError('keychain', KEYCHAIN_LOCKED_MESSAGE, {
          reason: 'an entry just written read back as missing',
        });
      }
    })().finally(() => {
      confirming = null;
    });
    return confirming;
  }

  return {
    service,
    async get(account) {
      const secret = await call((k) => k.getPassword(service, account));
      // "Not there" is believed only from a keychain that demonstrably answers.
      if (secret === null) await confirmWorking();
      return secret;
    },
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    async delete(account) {
      const deleted = await call((k) => k.deletePassword(service, account));
      if (!deleted) await confirmWorking();
      return deleted;
    },
    async probe() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AppError('keychain', KEYCHAIN_TIMEOUT_MESSAGE, { reason: 'timeout' })),
          probeTimeoutMs,
        );
      });
      try {
        await Promise.race([confirmWorking(), timeout]);
        return { available: true, message: null };
      } catch (err) {
        return { available: false, message: err instanceof AppError ? err.message : reasonOf(err) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Whether the vault can hold secrets right now, for the keychain banner. Vaults without a
 * `probe` (test doubles) are asked for an entry that does not exist.
 */
export async function checkVault(
  vault: CredentialVault & { probe?: () => Promise<VaultStatus> },
): Promise<VaultStatus> {
  if (vault.probe) return vault.probe();
  try {
    await vault.get(PROBE_ACCOUNT);
    return { available: true, message: null };
  } catch (err) {
    return {
      available: false,
      message: err instanceof AppError ? err.message : keychainUnavailableMessage(),
    };
  }
}
