// Bulk actions shared by the list header, the selection bar and their tests: what to tell the
// user after a bulk save, in one sentence.
import type { BulkSaveResult } from '../../../preload/contract/index.js';

export function describeBulkSave(result: BulkSaveResult, idOf: (key: string) => string): string {
  const parts: string[] = [];
  const n = result.queued.length;
  if (n > 0) parts.push(`${n === 1 ? '1 download' : `${n} downloads`} queued for saving, one at a time.`);
  else if (result.skipped.length === 0)
    parts.push('Nothing to save: every completed download is saved or saving.');
  const shown = result.skipped.slice(0, 3).map((s) => `${idOf(s.key)}: ${s.reason}`);
  if (shown.length) {
    const more = result.skipped.length > 3 ? ` and ${result.skipped.length - 3} more` : '';
    parts.push(`Not saved: ${shown.join('; ')}${more}.`);
  }
  return parts.join(' ');
}
