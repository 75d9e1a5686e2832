// The non-secret half of an account, persisted under the store key `accounts`. Tokens never
// pass through here: the schema is strict, so a stray `token` field cannot be saved by mistake.
import { z } from 'zod';
import type { Account } from '../../../preload/contract/index.js';
import type { KeyValueStore, Logger } from '../ports.js';

export const ACCOUNTS_KEY = 'accounts';

const accountSchema = z
  .object({
    id: z.string().min(1),
    label: z.string(),
    version: z.enum(['v3', 'v4']),
    baseUrl: z.string().url(),
    authMethod: z.enum(['token', 'password']),
    email: z.string().nullable(),
    state: z.enum(['ok', 'needs-sign-in']),
    stateReason: z.string().nullable(),
    addedAt: z.string(),
  })
  .strict();

export interface AccountStore {
  all(): Account[];
  get(id: string): Account | undefined;
  /** Inserts or replaces by id, keeping the order accounts were added in. */
  put(account: Account): void;
  /** True when there was something to remove. */
  remove(id: string): boolean;
}

export function createAccountStore(store: KeyValueStore, logger?: Logger): AccountStore {
  function read(): Account[] {
    const raw = store.get<unknown>(ACCOUNTS_KEY);
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      logger?.warn('stored accounts are not a list; ignoring them', { path: store.path });
      return [];
    }
    const accounts: Account[] = [];
    for (const entry of raw) {
      // Strip unknown fields rather than drop the account: an older or newer app version may
      // have written extra ones, and losing the account would orphan its keychain entry.
      const parsed = accountSchema.strip().safeParse(entry);
      if (parsed.success) accounts.push(parsed.data);
      else logger?.warn('skipping a stored account that cannot be read', { path: store.path });
    }
    return accounts;
  }

  function write(accounts: Account[]): void {
    store.set(
      ACCOUNTS_KEY,
      accounts.map((a) => accountSchema.parse(a)),
    );
  }

  return {
    all: read,
    get: (id) => read().find((a) => a.id === id),
    put(account) {
      const accounts = read();
      const at = accounts.findIndex((a) => a.id === account.id);
      if (at === -1) accounts.push(account);
      else accounts[at] = account;
      write(accounts);
    },
    remove(id) {
      const accounts = read();
      const kept = accounts.filter((a) => a.id !== id);
      if (kept.length === accounts.length) return false;
      write(kept);
      return true;
    },
  };
}
