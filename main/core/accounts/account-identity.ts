// Which Datafiniti account a token belongs to, so the same account cannot be added twice under
// two names (by token and again by email and password). v4 says it in `GET /v4/account` (`id`,
// `email`); v3 has no such page, so there the token itself is the identity. Kept beside the
// accounts (store key `accountIdentities`), never with a token in it.
import type { KeyValueStore } from '../ports.js';
import { isRecord, pickWith, readString } from '../datafiniti/json-values.js';

export const IDENTITIES_KEY = 'accountIdentities';

export interface RemoteIdentity {
  /** `/v4/account` `id`. */
  id: string | null;
  email: string | null;
}

export function identityFromAccountPage(body: unknown): RemoteIdentity | null {
  if (!isRecord(body)) return null;
  const readId = (v: unknown): string | null =>
    typeof v === 'number' && Number.isFinite(v) ? String(v) : readString(v);
  const id = pickWith(body, ['id', '_id'], readId);
  const email = pickWith(body, ['email'], readString)?.toLowerCase() ?? null;
  return id === null && email === null ? null : { id, email };
}

/** Same account when the ids match, or (when either has no id) the emails do. */
export function sameIdentity(a: RemoteIdentity, b: RemoteIdentity): boolean {
  if (a.id !== null && b.id !== null) return a.id === b.id;
  return a.email !== null && a.email === b.email;
}

export function readIdentities(store: KeyValueStore): Record<string, RemoteIdentity> {
  const raw = store.get<unknown>(IDENTITIES_KEY);
  if (!isRecord(raw)) return {};
  const out: Record<string, RemoteIdentity> = {};
  for (const [accountId, value] of Object.entries(raw)) {
    if (!isRecord(value)) continue;
    const id = readString(value['id']);
    const email = readString(value['email']);
    if (id !== null || email !== null) out[accountId] = { id, email };
  }
  return out;
}

export function writeIdentity(
  store: KeyValueStore,
  accountId: string,
  identity: RemoteIdentity | null,
): void {
  const all = readIdentities(store);
  if (identity) all[accountId] = identity;
  else delete all[accountId];
  store.set(IDENTITIES_KEY, all);
}
