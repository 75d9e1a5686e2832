// Every bound a value must keep, as plain numbers: the zod schemas are built from these, and the
// renderer reads them for its fields (a test fails when a renderer literal restates one).

/** Inclusive bounds of the numeric settings. */
export const SETTINGS_LIMITS = {
  pollFastSeconds: { min: 2, max: 600 },
  pollSlowSeconds: { min: 30, max: 86_400 },
  parallelFiles: { min: 1, max: 16 },
  // Result links last 7 days (168 h): a reminder must fire before they are gone.
  saveBeforeExpiryHours: { min: 1, max: 167 },
} as const;

export type NumericSetting = keyof typeof SETTINGS_LIMITS;

/** How many records one download may ask for. */
export const NUM_RECORDS_LIMITS = { min: 1, max: 100_000_000 } as const;

/** The longest query the app sends. */
export const MAX_QUERY_CHARS = 20_000;

/** Records the saved-file preview shows. */
export const PREVIEW_RECORDS = 100;

/** Columns the saved-file preview shows: a file of 100,000 columns would be 10 million cells. */
export const PREVIEW_COLUMNS = 200;
