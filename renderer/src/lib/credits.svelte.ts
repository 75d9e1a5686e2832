// Credits per account, as the core last read them from `GET /v4/account` (free). Loaded on
// first use and kept current by the `credits` event.
import type { AccountCredits, CreditFigures, DataType } from '../../../preload/contract/index.js';
import { bridge, hasBridge } from './bridge.js';

class CreditsState {
  list = $state.raw<AccountCredits[]>([]);
  /** Bumped on every change, so an estimate can be asked for again. */
  version = $state(0);
  #started = false;

  ensureLoaded(): void {
    if (this.#started || !hasBridge()) return;
    this.#started = true;
    const api = bridge();
    api.on('credits', (list) => this.#set(list));
    void api.accounts
      .credits()
      .then((list) => this.#set(list))
      .catch(() => {
        // Figures are a courtesy: without them the views say nothing rather than something wrong.
      });
  }

  of(accountId: string): AccountCredits | undefined {
    return this.list.find((c) => c.accountId === accountId);
  }

  #set(list: AccountCredits[]): void {
    this.list = list;
    this.version += 1;
  }
}

export const credits = new CreditsState();

const TYPE_LABEL: Record<DataType, string> = {
  businesses: 'Business',
  people: 'People',
  products: 'Product',
  properties: 'Property',
};

/** The lines an account card shows: only what the answer carried, never a missing field as 0. */
export function creditLines(f: CreditFigures): { label: string; value: string; testid: string }[] {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const lines: { label: string; value: string; testid: string }[] = [];
  for (const type of ['businesses', 'products', 'properties', 'people'] as const) {
    const used = f.usedByType[type];
    if (used !== undefined) {
      lines.push({ label: `${TYPE_LABEL[type]} credits used`, value: fmt(used), testid: `credits-${type}` });
    }
  }
  if (f.totalUsed !== null) {
    lines.push({ label: 'Credits used, all types', value: fmt(f.totalUsed), testid: 'credits-total' });
  }
  if (f.allotted !== null) {
    lines.push({ label: 'Credits in the plan', value: fmt(f.allotted), testid: 'credits-allotted' });
    if (f.totalUsed !== null) {
      lines.push({
        label: 'Credits left',
        value: fmt(Math.max(0, f.allotted - f.totalUsed)),
        testid: 'credits-left',
      });
    }
  }
  if (f.planIds !== null && f.planIds.length > 0) {
    lines.push({ label: 'Plans', value: f.planIds.join(', '), testid: 'credits-plans' });
  }
  if (f.overagesEnabled !== null) {
    lines.push({
      label: 'Overage',
      value: f.overagesEnabled
        ? `allowed${f.overageLimit !== null ? `, up to ${fmt(f.overageLimit)} credits` : ''}`
        : 'not allowed',
      testid: 'credits-overage',
    });
  } else if (f.overageLimit !== null) {
    lines.push({ label: 'Overage limit', value: fmt(f.overageLimit), testid: 'credits-overage' });
  }
  return lines;
}
