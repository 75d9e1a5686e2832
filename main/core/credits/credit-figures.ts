// What the app knows about an account's credits, read from `GET /v4/account` (free). Types and
// pure readers only: the renderer gets these values through the contract.
import type { AccountCredits, CreditFigures, DataType } from '../../../preload/contract/index.js';
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

export type { AccountCredits, CreditFigures };

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
