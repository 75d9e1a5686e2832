// What the app knows about an account's credits, read from `GET /v4/account` (free). Types and
// pure readers only: the renderer gets these values through the contract.
import type { ErrorInfo } from '../errors.js';
import type { DataType } from '../model.js';
import { isRecord, pickWith, readCount, readString } from '../datafiniti/json-values.js';

/** The answer's fields per data type (datafiniti-api.md, "GET /v4/account"). */
export const CREDIT_FIELDS: Readonly<Record<DataType, string>> = {
  businesses: 'business_credits_used',
  people: 'people_credits_used',
  products: 'product_credits_used',
  properties: 'property_credits_used',
};

/** How Datafiniti names a data type's credits: "business credits", "people credits", ... */
export const CREDIT_NOUN: Readonly<Record<DataType, string>> = {
  businesses: 'business',
  people: 'people',
  products: 'product',
  properties: 'property',
};

/**
 * Only what the answer carried: a field it lacks is null (or missing from `usedByType`), never
 * 0, so the UI can leave it out instead of claiming nothing was used.
 */
export interface CreditFigures {
  usedByType: Partial<Record<DataType, number>>;
  /** `num_credits_used`: the pooled count of legacy plans. */
  totalUsed: number | null;
  /** `credits_allotted` (legacy plans only; per-type plans publish no allotment). */
  allotted: number | null;
  planIds: string[] | null;
  overageLimit: number | null;
  overagesEnabled: boolean | null;
}

export interface AccountCredits {
  accountId: string;
  /** null: never read (v3 accounts have no account page). */
  figures: CreditFigures | null;
  /** ISO time of the last successful read. */
  checkedAt: string | null;
  /** The last read failed: the figures (if any) are from `checkedAt`. */
  error: ErrorInfo | null;
}

/** The account answer's credit fields; anything missing or of a wrong type is left out. */
export function readCreditFigures(body: unknown): CreditFigures {
  const record = isRecord(body) ? body : {};
  const usedByType: Partial<Record<DataType, number>> = {};
  for (const [type, field] of Object.entries(CREDIT_FIELDS) as [DataType, string][]) {
    const value = pickWith(record, [field], readCount);
    if (value !== null) usedByType[type] = value;
  }
  const plans = record['plan_ids'];
  const planIds = Array.isArray(plans) ? plans.map(readString).filter((p): p is string => p !== null) : null;
  const enabled = record['overages_enabled'];
  return {
    usedByType,
    totalUsed: pickWith(record, ['num_credits_used'], readCount),
    allotted: pickWith(record, ['credits_allotted'], readCount),
    planIds,
    overageLimit: pickWith(record, ['overage_limit'], readCount),
    overagesEnabled: typeof enabled === 'boolean' ? enabled : null,
  };
}

/** Credits left before overage, when the answer carries an allotment; null otherwise. */
export function creditsRemaining(figures: CreditFigures | null): number | null {
  if (!figures || figures.allotted === null || figures.totalUsed === null) return null;
  return Math.max(0, figures.allotted - figures.totalUsed);
}
