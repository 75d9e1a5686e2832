// Whether the OS keychain can be reached, as the status banner shows it. Probed at start, and
// again after an account is added or on refresh, since a keychain can be unlocked meanwhile.
import type { AppStatus } from '../../../preload/contract/index.js';

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
