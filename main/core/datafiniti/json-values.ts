// Readers for values of unknown shape. The API's payloads differ by dialect and era, so every
// field is read through these: a wrong type becomes "absent" instead of a crash downstream.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `keys` that holds something other than undefined/null. */
export function pick(record: JsonRecord, keys: readonly string[]): unknown {
  for (const key of keys) {
    // Own properties only: a payload key like "constructor" must not reach the prototype.
    if (Object.prototype.hasOwnProperty.call(record, key)) {
      const value = record[key];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/** The first of `keys` whose value `read` accepts (a wrong-typed field does not hide the next). */
export function pickWith<T>(
  record: JsonRecord,
  keys: readonly string[],
  read: (value: unknown) => T | null,
): T | null {
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = read(record[key]);
    if (value !== null) return value;
  }
  return null;
}

/** A trimmed non-empty string, or null. */
export function readString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A finite number, from a number or a numeric string ("12", " 3.5 "). Anything NaN-like,
 * infinite or non-numeric is null.
 */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!NUMERIC.test(trimmed)) return null;
    const parsed = Number(trimmed);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A count: a finite number >= 0, or null (a negative count is a broken payload). */
export function readCount(value: unknown): number | null {
  const n = readNumber(value);
  return n === null || n < 0 ? null : n;
}
