// Credits as the renderer sees them: read from `GET /v4/account` (free) by the core, and the
// estimate said before a download is started. Types only; the readers live in main/core/credits.
import type { DataType } from './model.js';
import type { ErrorInfo } from './errors.js';

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

/** A count already paid for, kept per account, data type, query and view. */
export interface CachedPreview {
  numFound: number;
  /** ISO time Datafiniti answered. */
  checkedAt: string;
}

export interface StartEstimate {
  /** The count checked for this account, data type, query and view, if any. */
  preview: CachedPreview | null;
  /** Credits the download will use; null when unknown. */
  credits: number | null;
  /** `credits` is only the most it can use: a record limit, the count not checked. */
  upperBound: boolean;
  /** One sentence for the user. */
  text: string;
  /** Said plainly when the plan's allotment is known and this download goes past it. */
  overage: string | null;
}
