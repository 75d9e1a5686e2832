// Accounts: what the user added, whether its token still works, and the one way the rest of
// the core gets a DatafinitiClient for it. The token goes from the user (or POST /v4/auth)
// through verification straight into the vault; it is never stored, logged or returned to the
// renderer, and a password is used once and dropped.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Account, ApiVersion } from '../../../preload/contract/index.js';
import { silentLogger, systemClock } from '../ports.js';
import type { Clock, CredentialVault, FetchPort, KeyValueStore, Logger } from '../ports.js';
import type { ClientOptions, DatafinitiClient } from '../datafiniti/client-types.js';
import { authenticate as realAuthenticate, createClient as realCreateClient } from '../datafiniti/index.js';
import { parseAddAccountInput, parseCredentialsInput, parseLabel } from './account-input.js';
import type { ParsedCredentials } from './account-input.js';
import { createAccountStore } from './account-store.js';
import {
  ACCOUNT_NOT_FOUND,
  TOKEN_MISSING_REASON,
  TOKEN_OTHER_ACCOUNT_REASON,
  TOKEN_REJECTED_REASON,
  explainSignInFailure,
} from './messages.js';
import { checkVault } from './vault-keytar.js';
import {
  identityFromAccountPage,
  readIdentities,
  sameIdentity,
  writeIdentity,
  type RemoteIdentity,
} from './account-identity.js';
import type { VaultStatus } from './vault-keytar.js';

export const DEFAULT_BASE_URLS: Readonly<Record<ApiVersion, string>> = {
  v3: 'https://api.datafiniti.co/v3',
  v4: 'https://api.datafiniti.co/v4',
};

export type ClientFactory = (options: ClientOptions) => DatafinitiClient;
/** `POST /v4/auth`: email and password in, token out. */
export type Authenticator = typeof realAuthenticate;

/** Client settings a caller (the monitor, the saver) may choose; identity and token come from here. */
export type ClientOverrides = Partial<
  Omit<ClientOptions, 'accountId' | 'version' | 'baseUrl' | 'token' | 'fetch'>
>;

export interface AccountServiceOptions {
  store: KeyValueStore;
  vault: CredentialVault;
  fetch: FetchPort;
  defaultBaseUrls?: Partial<Record<ApiVersion, string>>;
  clock?: Clock;
  newId?: () => string;
  logger?: Logger;
  /** Every change to the list (add, remove, rename, state), for the `accounts` event. */
  onChange?: (accounts: Account[]) => void;
  /** After an account is gone, so the monitor and history can forget its downloads. */
  onRemoved?: (accountId: string) => void | Promise<void>;
  /** Per request while adding or verifying; default: the client's own. */
  timeoutMs?: number;
  createClient?: ClientFactory;
  authenticate?: Authenticator;
}

export interface AccountService {
  list(): Account[];
  get(id: string): Account | undefined;
  /** Verifies the credentials, then stores the token in the vault and the rest in the store. */
  add(input: unknown): Promise<Account>;
  /** Idempotent: removes the keychain entry and the stored data, then calls `onRemoved`. */
  remove(id: string): Promise<void>;
  /** Checks the stored token; a rejected token moves the account to `needs-sign-in`. */
  verify(id: string): Promise<Account>;
  /** New credentials for an existing account; back to `ok` once they verify. */
  reauthenticate(id: string, credentials: unknown): Promise<Account>;
  rename(id: string, label: string): Promise<Account>;
  /** The API rejected the stored token (reported by the monitor). Unknown ids are ignored. */
  markNeedsSignIn(id: string, reason?: string): Account | undefined;
  /** The account's token from the vault; AppError `auth` when it is missing. */
  tokenFor(id: string): Promise<string>;
  clientFor(account: Account | string, overrides?: ClientOverrides): Promise<DatafinitiClient>;
  /** Whether the keychain answers, for the banner. */
  keychainStatus(): Promise<VaultStatus>;
}

export function createAccountService(options: AccountServiceOptions): AccountService {
  const { vault, fetch } = options;
  const accounts = createAccountStore(options.store, options.logger);
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? randomUUID;
  const logger = options.logger ?? silentLogger;
  const createClient = options.createClient ?? realCreateClient;
  const authenticate: Authenticator = options.authenticate ?? realAuthenticate;
  const baseUrls: Record<ApiVersion, string> = { ...DEFAULT_BASE_URLS, ...options.defaultBaseUrls };

  function changed(): void {
    options.onChange?.(accounts.all());
  }

  function mustGet(id: string): Account {
    const account = accounts.get(id);
    if (!account) throw new AppError('not-found', ACCOUNT_NOT_FOUND, { accountId: id });
    return account;
  }

  /** Updates the latest stored version (not a copy from before an await), if it still exists. */
  function update(id: string, patch: Partial<Omit<Account, 'id'>>): Account | undefined {
    const current = accounts.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    accounts.put(next);
    changed();
    return next;
  }

  function newClient(
    id: string,
    version: ApiVersion,
    baseUrl: string,
    token: string,
    overrides: ClientOverrides = {},
  ): DatafinitiClient {
    return createClient({
      clock,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...overrides,
      accountId: id,
      version,
      baseUrl,
      token,
      fetch,
    });
  }

  /**
   * Turns credentials into a verified token and, on v4, whose account it is (the account page
   * that proves the token is the same free call); throws the reason in a person's words.
   */
  async function verifiedToken(
    id: string,
    version: ApiVersion,
    baseUrl: string,
    credentials: ParsedCredentials,
  ): Promise<{ token: string; identity: RemoteIdentity | null }> {
    try {
      let token: string;
      if (credentials.method === 'password') {
        token = await authenticate({
          baseUrl,
          email: credentials.email,
          password: credentials.password,
          fetch,
          clock,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
      } else {
        token = credentials.token;
      }
      // No retries: the user is waiting on the form and a retry would only delay the reason.
      const client = newClient(id, version, baseUrl, token, { maxRetries: 0 });
      if (version === 'v4') return { token, identity: identityFromAccountPage(await client.account()) };
      await client.verify();
      return { token, identity: null };
    } catch (err) {
      throw explainSignInFailure(err, credentials.method, baseUrl);
    }
  }

  async function tokenFor(id: string): Promise<string> {
    mustGet(id);
    const token = await vault.get(id);
    // Marked, so whoever meets it (the monitor) says "gone from the keychain", not "refused".
    if (!token) throw new AppError('auth', TOKEN_MISSING_REASON, { accountId: id, tokenMissing: true });
    return token;
  }

  /**
   * The same Datafiniti account twice would poll the same downloads twice and notify about each
   * twice: same API base, and the same account by `/v4/account` id or email, by the email signed
   * in with, or (v3, or accounts added before identities were kept) by the same token.
   */
  async function rejectDuplicate(
    version: ApiVersion,
    baseUrl: string,
    credentials: ParsedCredentials,
    identity: RemoteIdentity | null,
    token: string | null,
    exceptId: string | null = null,
  ): Promise<void> {
    const identities = readIdentities(options.store);
    for (const other of accounts.all()) {
      if (other.id === exceptId || other.version !== version || other.baseUrl !== baseUrl) continue;
      const known = identities[other.id];
      const otherEmail = other.email?.toLowerCase() ?? known?.email ?? null;
      const newEmail =
        identity?.email ?? (credentials.method === 'password' ? credentials.email.toLowerCase() : null);
      let same = newEmail !== null && otherEmail === newEmail;
      if (!same && identity && known) same = sameIdentity(identity, known);
      if (!same && token !== null) same = (await vault.get(other.id)) === token;
      if (same) {
        const email = newEmail ?? otherEmail;
        const who = email ? ` (${email})` : '';
        throw new AppError(
          'invalid-input',
          `This Datafiniti account${who} is already added as "${other.label}". Use that one, or remove it first.`,
          { accountId: other.id, duplicateOf: other.label },
        );
      }
    }
  }

  /** Two accounts with one name could not be told apart in the list or in notifications. */
  function rejectTakenLabel(label: string, exceptId: string | null): void {
    const wanted = label.trim().toLowerCase();
    const other = accounts.all().find((a) => a.id !== exceptId && a.label.trim().toLowerCase() === wanted);
    if (other) {
      throw new AppError(
        'invalid-input',
        `An account is already named "${other.label}". Choose another name.`,
        {
          field: 'label',
          accountId: other.id,
        },
      );
    }
  }

  let storingTail: Promise<unknown> = Promise.resolve();
  /** Runs `step` after every earlier one has settled, whatever their outcome. */
  function storing<T>(step: () => Promise<T>): Promise<T> {
    const run = storingTail.then(step, step);
    storingTail = run.catch(() => undefined);
    return run;
  }

  /** Fails fast with the keychain's own message before asking the user's network anything. */
  async function requireVault(): Promise<void> {
    const status = await checkVault(vault);
    if (!status.available) {
      throw new AppError('keychain', status.message ?? 'No keychain is available.');
    }
  }

  return {
    list: () => accounts.all(),
    get: (id) => accounts.get(id),

    async add(input) {
      const parsed = parseAddAccountInput(input);
      const { label, version, credentials } = parsed;
      const baseUrl = parsed.baseUrl ?? baseUrls[version];
      const id = newId();
      const method = credentials.method;
      rejectTakenLabel(label, null);
      await requireVault();
      // Before asking the network: the same email, or the same token, is known already.
      await rejectDuplicate(
        version,
        baseUrl,
        credentials,
        null,
        credentials.method === 'token' ? credentials.token : null,
      );
      logger.info('verifying new account', { accountId: id, version, baseUrl, authMethod: method });
      let token: string;
      let identity: RemoteIdentity | null;
      try {
        ({ token, identity } = await verifiedToken(id, version, baseUrl, credentials));
      } catch (err) {
        logger.warn('new account not verified; nothing saved', {
          accountId: id,
          version,
          baseUrl,
          code: err instanceof AppError ? err.code : 'internal',
        });
        throw err;
      }
      // From the last checks to the stored account, one add at a time: two adds of the same
      // account (or name) at once would each pass the checks before the other is stored.
      return storing(async () => {
        // After: the token from a password sign-in, and whose account the API says it is.
        await rejectDuplicate(version, baseUrl, credentials, identity, token);
        // Asked again after the awaits: another add may have taken the name meanwhile.
        rejectTakenLabel(label, null);
        const account: Account = {
          id,
          label,
          version,
          baseUrl,
          authMethod: method,
          email: credentials.method === 'password' ? credentials.email : null,
          state: 'ok',
          stateReason: null,
          addedAt: new Date(clock.now()).toISOString(),
        };
        await vault.set(id, token);
        try {
          // The identity before the account: once the account is listed it is whole, and a
          // failed write of either leaves no account without its token.
          writeIdentity(options.store, id, identity);
          accounts.put(account);
        } catch (err) {
          // Without its account the keychain entry could never be found again: take it back out,
          // and the identity with it.
          try {
            writeIdentity(options.store, id, null);
          } catch {
            // An identity without an account is never read; the disk said no already.
          }
          await vault.delete(id).catch(() => false);
          throw new AppError('disk', 'The account could not be saved to the settings file.', {
            reason: err instanceof Error ? err.message.slice(0, 200) : null,
          });
        }
        logger.info('account added', { accountId: id, version, baseUrl, authMethod: method });
        changed();
        return account;
      });
    },

    async remove(id) {
      // The keychain entry goes first: if the keychain is unreachable the account stays listed
      // and the user can retry, instead of leaving a secret behind with nothing pointing at it.
      await vault.delete(id);
      const existed = accounts.remove(id);
      writeIdentity(options.store, id, null);
      logger.info('account removed', { accountId: id, existed });
      if (existed) changed();
      try {
        await options.onRemoved?.(id);
      } catch (err) {
        logger.error('forgetting a removed account failed', {
          accountId: id,
          reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
        });
      }
    },

    async verify(id) {
      const account = mustGet(id);
      const token = await vault.get(id);
      if (!token) {
        logger.warn('account token missing from keychain', { accountId: id });
        return update(id, { state: 'needs-sign-in', stateReason: TOKEN_MISSING_REASON }) ?? mustGet(id);
      }
      try {
        const client = newClient(id, account.version, account.baseUrl, token, { maxRetries: 0 });
        if (account.version === 'v4') {
          // The same free call proves the token and says whose it is: a keychain entry changed
          // outside the app may hold a working token of another account.
          const identity = identityFromAccountPage(await client.account());
          const known = readIdentities(options.store)[id];
          if (identity && known && !sameIdentity(identity, known)) {
            logger.warn('account token belongs to another Datafiniti account', { accountId: id });
            return (
              update(id, { state: 'needs-sign-in', stateReason: TOKEN_OTHER_ACCOUNT_REASON }) ?? mustGet(id)
            );
          }
        } else {
          await client.verify();
        }
      } catch (err) {
        if (err instanceof AppError && err.code === 'auth') {
          logger.warn('account token rejected', { accountId: id });
          return update(id, { state: 'needs-sign-in', stateReason: TOKEN_REJECTED_REASON }) ?? mustGet(id);
        }
        logger.warn('account verification failed', {
          accountId: id,
          code: err instanceof AppError ? err.code : 'internal',
        });
        throw explainSignInFailure(err, 'token', account.baseUrl);
      }
      logger.info('account verified', { accountId: id });
      const current = mustGet(id);
      if (current.state === 'ok') return current;
      return update(id, { state: 'ok', stateReason: null }) ?? mustGet(id);
    },

    async reauthenticate(id, input) {
      const account = mustGet(id);
      const credentials = parseCredentialsInput(input, account.version);
      await requireVault();
      const { token, identity } = await verifiedToken(id, account.version, account.baseUrl, credentials);
      return storing(async () => {
        // Signing in again as an account already listed under another name would make the two
        // watch the same downloads; the same check as adding, this account left out.
        await rejectDuplicate(account.version, account.baseUrl, credentials, identity, token, id);
        await vault.set(id, token);
        if (identity) writeIdentity(options.store, id, identity);
        const next = update(id, {
          state: 'ok',
          stateReason: null,
          authMethod: credentials.method,
          email: credentials.method === 'password' ? credentials.email : null,
        });
        if (!next) {
          // Removed while we were verifying: do not leave its new token behind.
          await vault.delete(id).catch(() => false);
          throw new AppError('not-found', ACCOUNT_NOT_FOUND, { accountId: id });
        }
        logger.info('account signed in again', { accountId: id, authMethod: credentials.method });
        return next;
      });
    },

    async rename(id, label) {
      const name = parseLabel(label);
      mustGet(id);
      rejectTakenLabel(name, id);
      return update(id, { label: name }) ?? mustGet(id);
    },

    markNeedsSignIn(id, reason) {
      const account = accounts.get(id);
      if (!account) return undefined;
      const stateReason = reason?.trim() || TOKEN_REJECTED_REASON;
      if (account.state === 'needs-sign-in' && account.stateReason === stateReason) return account;
      logger.warn('account needs sign-in', { accountId: id });
      return update(id, { state: 'needs-sign-in', stateReason });
    },

    tokenFor,

    async clientFor(accountOrId, overrides) {
      const account = typeof accountOrId === 'string' ? mustGet(accountOrId) : accountOrId;
      const token = await tokenFor(account.id);
      return newClient(account.id, account.version, account.baseUrl, token, overrides);
    },

    keychainStatus: () => checkVault(vault),
  };
}
