// The one normalizer: every download/request shape in datafiniti-api.md (v4 modern, legacy
// 2017, spec page, v3 requests) into the one `Download` model. It never throws on a payload:
// a field of the wrong type is treated as absent, and only a missing id drops a download.
import type {
  ApiVersion,
  DataType,
  Download,
  DownloadFile,
  DownloadFormat,
  DownloadStatus,
} from '../../../preload/contract/index.js';
import { parseApiDate, parseApiDateMs } from './api-dates.js';
import { fileFromUrl, LINK_LIFETIME_MS, resultUrl } from './file-links.js';
import { isRecord, pick, pickWith, readCount, readString, type JsonRecord } from './json-values.js';

export interface NormalizeContext {
  accountId: string;
  version: ApiVersion;
  /** A list named the same download twice; the first copy is kept and this is told. */
  onDuplicate?: (id: string) => void;
}

/**
 * Longest text kept from one API field. A Datafiniti query is a few hundred characters; the
 * history keeps every download and sends it to the window, so a 50 MB field (a server fault)
 * must not ride along whole.
 */
export const MAX_QUERY_CHARS = 10_000;
export const MAX_FIELD_CHARS = 2_000;

/** Keeps a prefix and says, in the text itself, that the rest was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… [cut: the API sent ${text.length.toLocaleString('en-US')} characters]`;
}

function cappedString(value: unknown, max: number): string | null {
  const text = readString(value);
  return text === null ? null : capText(text, max);
}

/**
 * The table's own entry for a word the API sent, never one inherited from Object.prototype: a
 * `data_type` of "__proto__" or a status of "constructor" must read as unknown, not as an object.
 */
function wordIn<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

const STATUS_WORDS: Readonly<Record<string, DownloadStatus>> = {
  queued: 'queued',
  running: 'running',
  in_progress: 'running',
  started: 'running',
  completed: 'completed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  failed: 'failed',
};

const DATA_TYPES: Readonly<Record<string, DataType>> = {
  business: 'businesses',
  businesses: 'businesses',
  people: 'people',
  person: 'people',
  product: 'products',
  products: 'products',
  property: 'properties',
  properties: 'properties',
};

export function downloadKey(accountId: string, version: ApiVersion, id: string): string {
  return `${accountId}:${version}:${id}`;
}

/** The id to use: the string `id` (modern v4), then a numeric `id`, then `_id`. */
function readId(record: JsonRecord): string | null {
  const candidates = [record['id'], record['_id']];
  for (const value of candidates) {
    const text = readString(value);
    if (text !== null) return text;
  }
  for (const value of candidates) {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

function rawStatusOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function statusOf(rawStatus: string, error: string | null): DownloadStatus {
  // v3 keeps `status: STARTED` on a request that broke; only `error` says it failed.
  if (error !== null) return 'failed';
  const word = rawStatus
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return wordIn(STATUS_WORDS, word) ?? 'unknown';
}

function errorOf(record: JsonRecord): string | null {
  const value = record['error'];
  const text = cappedString(value, MAX_FIELD_CHARS);
  if (text !== null) return text;
  if (isRecord(value)) return cappedString(value['message'], MAX_FIELD_CHARS);
  return null;
}

function dataTypeOf(value: unknown): DataType | null {
  const word = readString(value)?.toLowerCase();
  return word === undefined ? null : (wordIn(DATA_TYPES, word) ?? null);
}

function formatOf(value: unknown): DownloadFormat | null {
  const word = readString(value)?.toLowerCase();
  return word === 'csv' || word === 'json' ? word : null;
}

function progressOf(status: DownloadStatus, done: number | null, total: number | null): number | null {
  // A finished download is whole even when fewer records matched than were requested.
  if (status === 'completed') return 1;
  if (done === null || total === null || total <= 0) return null;
  const ratio = done / total;
  return Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : null;
}

function filesOf(value: unknown, fallbackExpiresAt: string | null): DownloadFile[] {
  if (!Array.isArray(value)) return [];
  const files: DownloadFile[] = [];
  for (const entry of value) {
    const url = resultUrl(entry);
    if (url !== null) files.push(fileFromUrl(url, files.length, fallbackExpiresAt));
  }
  return files;
}

/**
 * A download from any documented shape (also an array of one, as v3 `/requests/{id}` answers,
 * or a `{records: [one]}` wrapper). Null only when there is no usable id.
 */
export function normalizeDownload(raw: unknown, ctx: NormalizeContext): Download | null {
  const record = unwrapOne(raw);
  if (record === null) return null;
  const id = readId(record);
  if (id === null) return null;

  const rawStatus = rawStatusOf(pick(record, ['status', 'state']));
  const error = errorOf(record);
  const status = statusOf(rawStatus, error);

  // v4 names first, then the v3 camelCase names: both are read whatever the account's version.
  const numRecords = pickWith(record, ['num_records', 'numRequested', 'records', 'numRecords'], readCount);
  const numDownloaded = pickWith(record, ['num_downloaded', 'numDownloaded'], readCount);
  const numFound = pickWith(record, ['num_found', 'numFound'], readCount);

  const startedAt = pickWith(
    record,
    ['date_started', 'dateStarted', 'created_at', 'date_created'],
    parseApiDate,
  );
  const updatedAt = pickWith(record, ['date_updated', 'dateUpdated', 'updated_at'], parseApiDate);
  const explicitCompletedAt = pickWith(
    record,
    ['date_completed', 'dateCompleted', 'completed_at'],
    parseApiDate,
  );
  // v4 has no completion time; once completed, its last update is when it completed.
  const completedAt = explicitCompletedAt ?? (status === 'completed' ? updatedAt : null);

  const cost = pickWith(record, ['total_cost', 'totalCost'], readCount);

  return {
    key: downloadKey(ctx.accountId, ctx.version, id),
    accountId: ctx.accountId,
    version: ctx.version,
    id,
    status,
    rawStatus,
    dataType: pickWith(record, ['data_type', 'dataType'], dataTypeOf),
    format: pickWith(record, ['format', 'dataFormat', 'data_format'], formatOf),
    query: cappedString(record['query'], MAX_QUERY_CHARS) ?? '',
    view: cappedString(record['view'], MAX_FIELD_CHARS),
    numRecords,
    numDownloaded,
    numFound,
    progress: progressOf(status, numDownloaded, numRecords),
    cost,
    startedAt,
    updatedAt,
    completedAt,
    files: filesOf(record['results'], null),
    error,
  };
}

function unwrapOne(raw: unknown): JsonRecord | null {
  if (Array.isArray(raw)) {
    const first = raw.find(isRecord);
    return first ?? null;
  }
  if (!isRecord(raw)) return null;
  const records = raw['records'];
  if (readId(raw) === null && Array.isArray(records)) return records.find(isRecord) ?? null;
  return raw;
}

/**
 * The entries of a list answer: a bare array (spec page, v3) or `{num_found, records}`
 * (official). Null when the payload is neither, so the client can report a wrong shape.
 */
export function listEntries(raw: unknown): unknown[] | null {
  if (Array.isArray(raw)) return raw;
  if (isRecord(raw)) {
    const records = raw['records'] ?? raw['downloads'] ?? raw['requests'];
    if (Array.isArray(records)) return records;
  }
  return null;
}

/** Every download of a list answer; entries without an id are dropped, duplicates kept once. */
export function normalizeDownloadList(raw: unknown, ctx: NormalizeContext): Download[] {
  const entries = listEntries(raw) ?? [];
  const seen = new Set<string>();
  const downloads: Download[] = [];
  for (const entry of entries) {
    // An entry that is itself an array is not a download, even if it holds one.
    if (!isRecord(entry)) continue;
    const download = normalizeDownload(entry, ctx);
    if (download === null) continue;
    if (seen.has(download.key)) {
      ctx.onDuplicate?.(download.id);
      continue;
    }
    seen.add(download.key);
    downloads.push(download);
  }
  return downloads;
}

/**
 * v3 `GET /results/{request_id}`: `[{id, url, request_id, downloaded, imported, date_created}]`.
 * Expiry from the URL's signature, else `date_created` + 7 days.
 */
export function normalizeV3Results(raw: unknown): DownloadFile[] {
  const entries = listEntries(raw) ?? (isRecord(raw) ? [raw] : []);
  const files: DownloadFile[] = [];
  for (const entry of entries) {
    const url = resultUrl(entry);
    if (url === null) continue;
    const created = isRecord(entry) ? parseApiDateMs(entry['date_created']) : null;
    const fallback = created === null ? null : safeIso(created + LINK_LIFETIME_MS);
    files.push(fileFromUrl(url, files.length, fallback));
  }
  return files;
}

function safeIso(epochMs: number): string | null {
  return Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : null;
}
