// Counts already paid for, per (account, data type, query, view): asking again, or starting
// right after, must not pay for the same search twice. Format and record limit change neither
// the count nor the price of the check, so they are not part of the key.
import type { CachedPreview, DataType } from '../../../preload/contract/index.js';

export interface PreviewKeyInput {
  accountId: string;
  dataType: DataType;
  query: string;
  view?: string | null | undefined;
}

export type { CachedPreview };

/** Enough for a long session of queries; the oldest answer goes first. */
const MAX_ENTRIES = 500;

export function previewKey(input: PreviewKeyInput): string {
  return JSON.stringify([input.accountId, input.dataType, input.query.trim(), (input.view ?? '').trim()]);
}

export class PreviewCache {
  private readonly entries = new Map<string, CachedPreview>();

  get(input: PreviewKeyInput): CachedPreview | undefined {
    return this.entries.get(previewKey(input));
  }

  put(input: PreviewKeyInput, value: CachedPreview): void {
    const key = previewKey(input);
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** A removed account's answers go with it. */
  forgetAccount(accountId: string): void {
    for (const key of [...this.entries.keys()]) {
      if ((JSON.parse(key) as string[])[0] === accountId) this.entries.delete(key);
    }
  }
}
