// Accounts and the OS keychain: the public face of this folder.
export { createAccountService, DEFAULT_BASE_URLS } from './account-service.js';
export type {
  AccountService,
  AccountServiceOptions,
  Authenticator,
  ClientFactory,
  ClientOverrides,
} from './account-service.js';
export { createKeytarVault, checkVault, DEFAULT_KEYCHAIN_SERVICE } from './vault-keytar.js';
export type { KeytarLike, KeytarVault, KeytarVaultOptions, VaultStatus } from './vault-keytar.js';
export { createAccountStore, ACCOUNTS_KEY } from './account-store.js';
export type { AccountStore } from './account-store.js';
export { parseAddAccountInput, parseCredentialsInput, parseLabel } from './account-input.js';
export type { ParsedAddAccount, ParsedCredentials } from './account-input.js';
export { keychainUnavailableMessage, explainSignInFailure } from './messages.js';
