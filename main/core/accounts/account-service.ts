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
  TOKEN_REJECTED_REASON,
  explainSignInFailure,
} from './messages.js';
import { checkVault } from './vault-keytar.js';
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

  /** Turns credentials into a verified token, or throws the reason in a person's words. */
  async function verifiedToken(
    id: string,
    version: ApiVersion,
    baseUrl: string,
    credentials: ParsedCredentials,
  ): Promise<string> {
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
      await newClient(id, version, baseUrl, token, { maxRetries: 0 }).verify();
      return token;
    } catch (err) {
      throw explainSignInFailure(err, credentials.method, baseUrl);
    }
  }

  async function tokenFor(id: string): Promise<string> {
    mustGet(id);
    const token = await vault.get(id);
    if (!token) throw new AppError('auth', TOKEN_MISSING_REASON, { accountId: id });
    return token;
  }

  /** The same sign-in twice would poll the same downloads twice and notify about each twice. */
  async function rejectDuplicate(version: ApiVersion, baseUrl: string, credentials: ParsedCredentials) {
    for (const other of accounts.all()) {
      if (other.version !== version || other.baseUrl !== baseUrl) continue;
      const same =
        credentials.method === 'password'
          ? other.email?.toLowerCase() === credentials.email.toLowerCase()
          : other.authMethod === 'token' && (await vault.get(other.id)) === credentials.token;
      if (same) {
        throw new AppError('invalid-input', `This account is already added as "${other.label}".`, {
          accountId: other.id,
        });
      }
    }
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
      await requireVault();
      await rejectDuplicate(version, baseUrl, credentials);
      logger.info('verifying new account', { accountId: id, version, baseUrl, authMethod: method });
      let token: string;
      try {
        token = await verifiedToken(id, version, baseUrl, credentials);
      } catch (err) {
        logger.warn('new account not verified; nothing saved', {
          accountId: id,
          version,
          baseUrl,
          code: err instanceof AppError ? err.code : 'internal',
        });
        throw err;
      }
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
        accounts.put(account);
      } catch (err) {
        // Without its account the keychain entry could never be found again: take it back out.
        await vault.delete(id).catch(() => false);
        throw new AppError('disk', 'The account could not be saved to the settings file.', {
          reason: err instanceof Error ? err.message.slice(0, 200) : null,
        });
      }
      logger.info('account added', { accountId: id, version, baseUrl, authMethod: method });
      changed();
      return account;
    },

    async remove(id) {
      // The keychain entry goes first: if the keychain is unreachable the account stays listed
      // and the user can retry, instead of leaving a secret behind with nothing pointing at it.
      await vault.delete(id);
      const existed = accounts.remove(id);
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
        await newClient(id, account.version, account.baseUrl, token, { maxRetries: 0 }).verify();
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
      const token = await verifiedToken(id, account.version, account.baseUrl, credentials);
      await vault.set(id, token);
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
    },

    async rename(id, label) {
      const name = parseLabel(label);
      mustGet(id);
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
