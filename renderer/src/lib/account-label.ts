// How an account is named where its API version matters (the new-download dialog's account
// list): its label with the version after it, unless the label already says it. People name
// accounts "Research (v4)" or "Legacy v3" themselves; "Research (v4) (v4)" would be noise.
import type { Account } from '../../../preload/contract/index.js';

/** "Sales team" -> "Sales team (v4)"; "Research (v4)" and "Legacy V3" stay as they are. */
export function labelWithVersion(account: Pick<Account, 'label' | 'version'>): string {
  // The version as a word of its own: "v4" in "Research v4" or "(V4)", not in "v44" or "dev4".
  const saysIt = new RegExp(`(^|[^a-z0-9])${account.version}($|[^a-z0-9])`, 'i').test(account.label);
  return saysIt ? account.label : `${account.label} (${account.version})`;
}
