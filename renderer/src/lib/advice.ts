// What a person can do about each kind of failure, shown under the error's own message.
import type { ApiVersion, ErrorInfo, ErrorKind } from '../../../preload/contract/index.js';

const ADVICE: Record<ErrorKind, string> = {
  auth: 'Sign in again on the Accounts page with a fresh API token from the Datafiniti portal (Settings → API token).',
  payment: 'Open the Datafiniti portal and check the payment information of this account, then refresh.',
  'not-found':
    'Datafiniti no longer lists this item. Refresh the list; if it is still missing it was removed in the portal.',
  rejected:
    'Datafiniti refused the request. Check the query and the account’s plan in the portal, then try again.',
  'rate-limited': 'Datafiniti asked us to slow down. Polling resumes by itself when the wait is over.',
  server:
    'Datafiniti had a problem on its side. The app retries by itself; nothing to do unless it keeps happening.',
  network: 'Check your internet connection. The app retries by itself once you are back online.',
  timeout:
    'Datafiniti took too long to answer. The app retries by itself; check your connection if it persists.',
  'bad-response':
    'Datafiniti answered with something unexpected. The app retries by itself; if it persists, check the account’s base URL.',
  keychain:
    'The app keeps tokens only in your system keychain. Unlock or start your keychain, then try again.',
  expired:
    'The result links have expired. Refresh to get fresh links; if none come, download again from the portal.',
  disk: 'Check there is free space and that you may write to the save folder (Settings → Save folder).',
  cancelled: 'This was cancelled. Start it again when you are ready.',
  'invalid-input': 'Correct the highlighted value and try again.',
  forbidden: 'This request did not come from the app window and was refused.',
  internal: 'Something went wrong inside the app. Try again; restarting the app may help.',
};

/** Where the advice is shown: a sign-in form needs no "sign in again", v3 has no email sign-in. */
export interface AdviceContext {
  version?: ApiVersion | undefined;
  signingIn?: boolean;
}

export function adviceFor(kind: ErrorKind, context: AdviceContext = {}): string {
  if (kind === 'auth') {
    if (context.signingIn) {
      return context.version === 'v3'
        ? 'Check the API token (Datafiniti portal → Settings → API token) and try again.'
        : 'Check the API token, or the email and password, and try again.';
    }
    if (context.version === 'v4') {
      return 'Sign in again on the Accounts page: paste a fresh API token from the Datafiniti portal (Settings → API token), or use your email and password.';
    }
  }
  return ADVICE[kind];
}

/**
 * Leads the advice on an account card whose last check failed; the error's own message (often
 * Datafiniti's raw text) is only shown as a detail under it.
 */
export const ACCOUNT_CHECK_FAILED = 'The last check of this account failed.';

/** A server-side failure message (Download.error) gets general advice. */
export const DOWNLOAD_FAILED_ADVICE =
  'Check the query in the Datafiniti portal and start the download again. Records gathered before the failure are not saved by the API.';

/** Said instead of the kind's advice when a start's answer was lost: repeating it could bill twice. */
export const MAY_HAVE_STARTED_ADVICE =
  'Do not start it again yet: check the download list first. The app did not resend it, and the monitor shows it there if Datafiniti started it.';

/** The advice for one error: its kind's, unless the error itself says more. */
export function adviceForError(info: ErrorInfo): string {
  if (info.detail?.['mayHaveStarted'] === true) return MAY_HAVE_STARTED_ADVICE;
  return adviceFor(info.code);
}
