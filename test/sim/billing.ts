/**
 * Credits as Datafiniti bills them (docs "How Credits Work", datafiniti-api.md): a search is
 * charged one credit per record it returns (none when nothing matches), a download the records
 * it gathered (so a cancelled one what it gathered before the cancel), and `GET /v4/account`
 * is free. Counted per account and data type; `chargesReport` is the tests' view of the bill.
 */
import type { Json } from './dialects.js';
import { DATA_TYPES } from './dialects.js';
import { snapshot } from './lifecycle.js';
import type { AccountRecord, SimState } from './state.js';
import type { DataType } from './types.js';

/** Most records a search without `download: true` may return (above: 403, as the API does). */
export const PREVIEW_RECORD_LIMIT = 10;

export interface SearchCharge {
  dataType: DataType;
  query: string;
  records: number;
  at: number;
}

export interface AccountCharges {
  email: string;
  token: string;
  version: 'v3' | 'v4';
  /** The `/v4/account` id. */
  id: string;
  creditsAllotted: number | null;
  used: Record<DataType, number>;
  total: number;
  searches: SearchCharge[];
  downloads: { id: string; dataType: DataType; query: string; status: string; charged: number }[];
}

export interface ChargesReport {
  accounts: AccountCharges[];
  /** Every credit charged by the simulator so far. */
  total: number;
  /** Searches that returned records (each one billed). */
  searches: number;
  /** Downloads started through the API or added by a test, all accounts. */
  downloads: number;
}

export function recordSearch(account: AccountRecord, charge: SearchCharge): void {
  if (charge.records > 0) account.searchCharges.push(charge);
}

function zero(): Record<DataType, number> {
  return { businesses: 0, people: 0, products: 0, properties: 0 };
}

export function accountCharges(state: SimState, account: AccountRecord): AccountCharges {
  const used = zero();
  for (const s of account.searchCharges) used[s.dataType] += s.records;
  const downloads: AccountCharges['downloads'] = [];
  for (const d of state.downloads.values()) {
    if (d.account !== account) continue;
    const snap = snapshot(d, state.now());
    used[d.dataType] += snap.totalCost;
    downloads.push({
      id: String(d.id),
      dataType: d.dataType,
      query: d.query,
      status: snap.status,
      charged: snap.totalCost,
    });
  }
  const total = DATA_TYPES.reduce((sum, t) => sum + used[t], 0);
  return {
    email: account.email,
    token: account.token,
    version: account.version,
    id: String(account.userId),
    creditsAllotted: account.creditsAllotted,
    used,
    total,
    searches: [...account.searchCharges],
    downloads,
  };
}

export function chargesReport(state: SimState): ChargesReport {
  const accounts = state.accounts.map((a) => accountCharges(state, a));
  return {
    accounts,
    total: accounts.reduce((sum, a) => sum + a.total, 0),
    searches: accounts.reduce((sum, a) => sum + a.searches.length, 0),
    downloads: accounts.reduce((sum, a) => sum + a.downloads.length, 0),
  };
}

/** `GET /v4/account` in the official reference's shape (datafiniti-api.md). */
export function renderAccount(state: SimState, account: AccountRecord): Json {
  const c = accountCharges(state, account);
  const legacy = account.creditsAllotted !== null;
  const created = new Date(Date.UTC(2019, 2, 4, 15, 30)).toISOString();
  return {
    role: 'user',
    num_credits_used: c.total,
    product_credits_used: c.used.products,
    people_credits_used: c.used.people,
    property_credits_used: c.used.properties,
    business_credits_used: c.used.businesses,
    num_scrape_credits_used: 0,
    disabled_code: null,
    plan_ids: legacy ? ['legacy-standard'] : ['business-1k-trial', 'people-1k-99'],
    ...(legacy ? { credits_allotted: account.creditsAllotted } : {}),
    auto_collect_enabled: false,
    overage_limit: legacy ? 5000 : 0,
    payment_type: 'card',
    overages_enabled: legacy,
    first_name: 'Sim',
    last_name: `User ${account.userId}`,
    email: account.email,
    organization: 'Simulated Co',
    features: DATA_TYPES.map((t) => ({ name: `${t}:search`, enabledFields: ['view', 'download'] })),
    customer_id: `cus_sim${account.userId}`,
    date_created: created,
    date_updated: new Date(state.now()).toISOString(),
    is_admin: false,
    id: String(account.userId),
  };
}
