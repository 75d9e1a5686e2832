// In-memory stand-ins for the store and the vault, for tests that are not about the keychain
// itself. They record what was written so a test can prove a secret never reached the store.
import { AppError } from '../../../main/core/errors.js';
import type { CredentialVault, KeyValueStore } from '../../../main/core/ports.js';

export class MemoryStore implements KeyValueStore {
  readonly path = null;
  readonly data = new Map<string, unknown>();
  failWrites = false;
  /** Writes to this key alone fail, as when the disk fills between two writes. */
  failWritesTo: string | null = null;

  get<T>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    if (this.failWrites) throw new Error('EACCES: permission denied');
    if (key === this.failWritesTo) throw new Error('ENOSPC: no space left on device');
    this.data.set(key, structuredClone(value));
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  /** Everything persisted, as the text a settings file would hold. */
  dump(): string {
    return JSON.stringify(Object.fromEntries(this.data));
  }
}

export class MemoryVault implements CredentialVault {
  readonly secrets = new Map<string, string>();
  /** When set, every call fails as an unreachable keychain does. */
  unavailable = false;

  private check(): void {
    if (this.unavailable) throw new AppError('keychain', 'No keychain is available (test double).');
  }

  async get(account: string): Promise<string | null> {
    this.check();
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.check();
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.check();
    return this.secrets.delete(account);
  }
}
