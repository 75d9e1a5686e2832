// The small set of failures a UI can act on, and the plain shape they cross the bridge in
// (never an Error instance, never a stack).

/** Every kind, once: the type below and the renderer's check of what crossed the bridge. */
export const ERROR_KINDS = [
  'auth', // token wrong, inactive or expired: ask the user to sign in again
  'payment', // the account's payment information needs attention
  'not-found',
  'rejected', // the API refused the request itself (bad query, invalid type, preview limit)
  'rate-limited', // 429/503: wait until retryAt
  'server', // 5xx
  'network', // refused, reset, DNS, offline
  'timeout',
  'bad-response', // HTML page, malformed JSON, unexpected shape
  'keychain', // no OS keychain reachable
  'expired', // result links expired and no fresh ones could be had
  'disk', // full disk, permission denied
  'cancelled',
  'invalid-input',
  'forbidden', // a call that did not come from the app's own window
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorInfo {
  code: ErrorKind;
  message: string;
  retryable: boolean;
  /** HTTP status, retry time, expiry time... plain data only. */
  detail?: Record<string, string | number | boolean | null>;
}

/** What a call of a method the contract does not name answers, from any transport. */
export const UNKNOWN_METHOD_ERROR: ErrorInfo = {
  code: 'invalid-input',
  message: 'Unknown method.',
  retryable: false,
};
