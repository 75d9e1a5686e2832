// Credits: what each account has used, what a download will cost, and counts already paid for.
export {
  CREDIT_FIELDS,
  CREDIT_NOUN,
  creditsRemaining,
  readCreditFigures,
  type AccountCredits,
  type CreditFigures,
} from './credit-figures.js';
export { createCreditsTracker, CREDITS_REFRESH_MS, type CreditsTracker } from './credits-tracker.js';
export { PreviewCache, previewKey, type CachedPreview, type PreviewKeyInput } from './preview-cache.js';
export { estimateStart, type StartEstimate } from './start-estimate.js';
