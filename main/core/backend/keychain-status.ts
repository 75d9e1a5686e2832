// Whether the OS keychain can be reached, as the status banner shows it. Probed at start, after
// an account is added, on refresh, and whenever a keychain call's outcome contradicts the banner,
// since a keychain can be locked or unlocked meanwhile.
import type { AppStatus } from '../../../preload/contract/index.js';
import { AppError } from '../errors.js';
import type { CredentialVault } from '../ports.js';

export type KeychainState = AppStatus['keychain'];

export interface KeychainStatus {
  current(): KeychainState;
  /** Probes again; `onChange` runs only when the answer differs. */
  refresh(): Promise<void>;
}

export function createKeychainStatus(
  probe: () => Promise<KeychainState>,
  onChange: () => void,
): KeychainStatus {
  let state: KeychainState = { available: true, message: null };
  return {
    current: () => state,
    async refresh() {
      const next = await probe();
      if (next.available !== state.available || next.message !== state.message) {
        state = next;
        onChange();
      }
    },
  };
}

/**
 * The vault, telling the banner what each call learns: a call the keychain refuses (locked, or
 * its service gone mid-session) probes again at once, so the banner says so without waiting for
 * a refresh; so does the first call that works while the banner says it does not.
 */
export function reportingVault(vault: CredentialVault, keychain: KeychainStatus): CredentialVault {
  async function observed<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      if (!keychain.current().available) void keychain.refresh();
      return result;
    } catch (err) {
      if (err instanceof AppError && err.code === 'keychain' && keychain.current().available) {
        void keychain.refresh();
      }
      throw err;
    }
  }
  return {
    get: (account) => observed(() => vault.get(account)),
    set: (account, secret) => observed(() => vault.set(account, secret)),
    delete: (account) => observed(() => vault.delete(account)),
  };
}
