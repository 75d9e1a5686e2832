// The credit rules without the network: what an account page says (and does not), what a
// download will cost, when it runs into overage, and which counts were already paid for.
import { describe, expect, it } from 'vitest';
import {
  estimateStart,
  PreviewCache,
  readCreditFigures,
  type AccountCredits,
} from '../../../main/core/credits/index.js';

const legacy = (allotted: number, used: number): AccountCredits => ({
  accountId: 'a',
  figures: readCreditFigures({ num_credits_used: used, credits_allotted: allotted, overages_enabled: true }),
  checkedAt: '2026-01-05T09:00:00.000Z',
  error: null,
});

describe('credit figures from GET /v4/account', () => {
  it('keeps every field the answer carries', () => {
    const f = readCreditFigures({
      business_credits_used: 12,
      product_credits_used: '7',
      people_credits_used: 0,
      property_credits_used: 3,
      num_credits_used: 22,
      plan_ids: ['business-1k-trial', 'people-1k-99'],
      overage_limit: 500,
      overages_enabled: false,
    });
    expect(f).toEqual({
      usedByType: { businesses: 12, products: 7, people: 0, properties: 3 },
      totalUsed: 22,
      allotted: null,
      planIds: ['business-1k-trial', 'people-1k-99'],
      overageLimit: 500,
      overagesEnabled: false,
    });
  });

  it('leaves out what is missing or of a wrong type, never turning it into 0', () => {
    const f = readCreditFigures({ business_credits_used: 'lots', people_credits_used: -4, email: 'x@y.z' });
    expect(f.usedByType).toEqual({});
    expect(f.totalUsed).toBeNull();
    expect(f.allotted).toBeNull();
    expect(f.planIds).toBeNull();
    expect(f.overagesEnabled).toBeNull();
    expect(readCreditFigures('Unauthorized').usedByType).toEqual({});
  });
});

describe('the estimate before a start', () => {
  const checked = { numFound: 4321, checkedAt: '2026-01-05T09:00:00.000Z' };

  it('names the credits of the data type, from the count and the limit', () => {
    expect(estimateStart({ dataType: 'properties' }, 'v4', checked, undefined).text).toBe(
      'This download will use about 4,321 property credits.',
    );
    const limited = estimateStart({ dataType: 'people', numRecords: 50 }, 'v4', checked, undefined);
    expect(limited).toMatchObject({ credits: 50, upperBound: false });
    expect(limited.text).toBe('This download will use about 50 people credits.');
    const none = estimateStart({ dataType: 'products' }, 'v4', { ...checked, numFound: 0 }, undefined);
    expect(none.text).toMatch(/no credits/);
  });

  it('says what it does not know instead of guessing', () => {
    const unchecked = estimateStart({ dataType: 'businesses' }, 'v4', null, undefined);
    expect(unchecked.credits).toBeNull();
    expect(unchecked.text).toMatch(/not known until the count is checked/);
    const bounded = estimateStart({ dataType: 'businesses', numRecords: 200 }, 'v4', null, undefined);
    expect(bounded).toMatchObject({ credits: 200, upperBound: true });
    expect(bounded.text).toMatch(/at most 200 business credits/);
    expect(estimateStart({ dataType: 'businesses' }, 'v3', null, undefined).text).toMatch(
      /v3 API cannot tell/,
    );
  });

  it('warns of overage only when an allotment is known and the download goes past what is left', () => {
    const over = estimateStart({ dataType: 'businesses' }, 'v4', checked, legacy(5000, 1000));
    expect(over.overage).toBe(
      "Only 4,000 of the plan's 5,000 credits are left: about 321 credits would be charged as overage, " +
        'and the files cannot be downloaded until the overage is paid.',
    );
    expect(estimateStart({ dataType: 'businesses' }, 'v4', checked, legacy(10_000, 1000)).overage).toBeNull();
    // Per-type plans publish no allotment: nothing to compare with, so no warning is made up.
    const perType: AccountCredits = {
      accountId: 'a',
      figures: readCreditFigures({ business_credits_used: 900_000, num_credits_used: 900_000 }),
      checkedAt: null,
      error: null,
    };
    expect(estimateStart({ dataType: 'businesses' }, 'v4', checked, perType).overage).toBeNull();
    // Unknown cost, no warning either.
    expect(estimateStart({ dataType: 'businesses' }, 'v4', null, legacy(10, 9)).overage).toBeNull();
  });
});

describe('counts already paid for', () => {
  it('are kept per account, data type, query and view; format and limit do not matter', () => {
    const cache = new PreviewCache();
    const base = { accountId: 'a', dataType: 'businesses' as const, query: 'city:Austin', view: null };
    cache.put(base, { numFound: 10, checkedAt: 't' });
    expect(cache.get({ ...base, query: '  city:Austin ' })?.numFound).toBe(10);
    expect(cache.get({ ...base, view: '' })?.numFound).toBe(10);
    expect(cache.get({ ...base, query: 'city:Boston' })).toBeUndefined();
    expect(cache.get({ ...base, view: 'business_basic' })).toBeUndefined();
    expect(cache.get({ ...base, dataType: 'products' })).toBeUndefined();
    expect(cache.get({ ...base, accountId: 'b' })).toBeUndefined();
    cache.forgetAccount('a');
    expect(cache.get(base)).toBeUndefined();
  });
});
