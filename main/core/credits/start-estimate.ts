// What a download will cost, said before it is started: from a count already checked (or the
// record limit when there is none) and, when the account's plan carries an allotment, whether
// it runs into overage.
import type { ApiVersion, CachedPreview, DataType, StartEstimate } from '../../../preload/contract/index.js';
import { CREDIT_NOUN, creditsRemaining, type AccountCredits } from './credit-figures.js';

export type { StartEstimate };

export interface EstimateInput {
  dataType: DataType;
  numRecords?: number | null | undefined;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function estimateStart(
  input: EstimateInput,
  version: ApiVersion,
  preview: CachedPreview | null,
  credits: AccountCredits | undefined,
): StartEstimate {
  const noun = CREDIT_NOUN[input.dataType];
  const limit = input.numRecords ?? null;
  let amount: number | null = null;
  let upperBound = false;
  let text: string;
  if (preview) {
    amount = limit === null ? preview.numFound : Math.min(limit, preview.numFound);
    text =
      amount === 0
        ? 'Nothing matches this query: the download would use no credits.'
        : `This download will use about ${fmt(amount)} ${noun} credits.`;
  } else if (limit !== null) {
    amount = limit;
    upperBound = true;
    text = `This download will use at most ${fmt(limit)} ${noun} credits (one per record it gathers).`;
  } else if (version === 'v3') {
    text = 'The v3 API cannot tell the cost in advance: the download uses one credit per record it gathers.';
  } else {
    text =
      'The cost is not known until the count is checked: the download uses one credit per matching record.';
  }
  return { preview, credits: amount, upperBound, text, overage: overageWarning(amount, credits) };
}

function overageWarning(amount: number | null, credits: AccountCredits | undefined): string | null {
  const figures = credits?.figures ?? null;
  const remaining = creditsRemaining(figures);
  if (amount === null || remaining === null || figures?.allotted === null || amount <= remaining) {
    return null;
  }
  const over = amount - remaining;
  return (
    `Only ${fmt(remaining)} of the plan's ${fmt(figures?.allotted ?? 0)} credits are left: about ` +
    `${fmt(over)} credits would be charged as overage, and the files cannot be downloaded until ` +
    'the overage is paid.'
  );
}
