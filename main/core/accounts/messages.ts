// Words for what went wrong with an account, written for the person adding or fixing it. The
// client's errors describe an HTTP exchange; here they are turned into what to do next.
import { AppError } from '../errors.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

/** What the user has to install or start so the app can keep tokens in the OS keychain. */
export function keychainUnavailableMessage(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'No keychain is available. Unlock your login keychain in Keychain Access, then try again.';
    case 'win32':
      return 'No keychain is available. Make sure the Windows Credential Manager service is running, then try again.';
    default:
      return (
        'No keychain is available. On Linux install and start a Secret Service such as GNOME Keyring ' +
        '(gnome-keyring) or KWallet, then try again.'
      );
  }
}

/** The native keytar module itself failed to load (on Linux usually a missing libsecret). */
export function keychainModuleMessage(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux') {
    return (
      'No keychain is available: the keychain library could not be loaded. On Linux install libsecret ' +
      '(libsecret-1-0) and a Secret Service such as GNOME Keyring (gnome-keyring) or KWallet, then restart ' +
      'the app.'
    );
  }
  return `No keychain is available: the keychain library could not be loaded. Reinstall ${APP_NAME}.`;
}

export const KEYCHAIN_LOCKED_MESSAGE =
  'The keychain is locked. Unlock it (for example with Seahorse or by signing in again), then try again.';

export const KEYCHAIN_TIMEOUT_MESSAGE =
  'The keychain did not answer. If it is asking for a password, answer it; otherwise restart the keychain ' +
  'service (for example gnome-keyring), then try again.';

export const TOKEN_MISSING_REASON =
  "This account's API token is no longer in the keychain. Sign in again with the token from the portal's " +
  'settings page.';

export const TOKEN_OTHER_ACCOUNT_REASON =
  'The keychain entry of this account now holds the API token of another Datafiniti account (changed outside the app). ' +
  'Sign in again with the token of this account.';

export const TOKEN_REJECTED_REASON =
  "Datafiniti no longer accepts this account's API token (it changes when the Datafiniti password changes). " +
  'Sign in again to keep watching its downloads.';

export const PASSWORD_ONLY_V4 =
  'Signing in with email and password works only with API v4. For v3, use the API token from the ' +
  "portal's settings page.";

export const ACCOUNT_NOT_FOUND = 'This account no longer exists. It may have been removed.';

export type SignInMethod = 'token' | 'password';

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * The reason a token or a sign-in was refused, in words a person can act on. Keeps the code,
 * retryability and plain-data detail of the client's AppError so the UI can still branch on it.
 */
export function explainSignInFailure(err: unknown, method: SignInMethod, baseUrl: string): AppError {
  if (!(err instanceof AppError)) {
    return new AppError('internal', 'The account could not be checked because of an unexpected error.', {
      cause: err instanceof Error ? err.name : typeof err,
    });
  }
  const host = hostOf(baseUrl);
  const redo = (message: string): AppError => new AppError(err.code, message, err.detail, err.retryable);
  switch (err.code) {
    case 'auth':
      if (method === 'password') {
        return redo(
          'Datafiniti did not accept this email and password. Check them, or add the account with the API ' +
            "token from the portal's settings page instead.",
        );
      }
      if (/inactive/i.test(err.message)) {
        return redo(
          'Datafiniti says this API token is inactive. Check that the account is active in the portal, then ' +
            "copy the current token from the portal's settings page.",
        );
      }
      return redo("Datafiniti did not accept this API token. Copy it again from the portal's settings page.");
    case 'payment':
      return redo(
        "Datafiniti reports a problem with this account's payment information. Update it in the portal, " +
          'then try again.',
      );
    case 'network':
      return redo(`Could not reach Datafiniti at ${host}. Check your internet connection, then try again.`);
    case 'timeout':
      return redo(`Datafiniti at ${host} did not answer in time. Try again in a moment.`);
    case 'rate-limited':
      return redo('Datafiniti is busy and asked us to wait. Try again in a minute.');
    case 'server':
      return redo('Datafiniti had a problem on its side while checking the account. Try again later.');
    case 'bad-response':
    case 'not-found':
      return redo(
        `The server at ${host} did not answer like the Datafiniti API. Check the base URL and the API version.`,
      );
    default:
      return err;
  }
}
