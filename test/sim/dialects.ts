/**
 * How each documented dialect spells a download, a v3 request, a result list and an error.
 * Shapes follow datafiniti-api.md field for field; the lifecycle stays dialect-neutral.
 */
import { STATUS_CODES } from 'node:http';
import { snapshot, type DownloadSnapshot } from './lifecycle.js';
import { signedAtFor, signedUrl } from './signing.js';
import type { DownloadRecord, SimState } from './state.js';
import type { DataType, Dialect, LifecycleStatus } from './types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SINGULAR: Record<DataType, string> = {
  businesses: 'business',
  people: 'people',
  products: 'product',
  properties: 'property',
};

export const DATA_TYPES: readonly DataType[] = ['businesses', 'people', 'products', 'properties'];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2017 v4 form: "2017-11-16 17:46:06.0" (UTC). */
export function legacyDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.0`
  );
}

/** v3 form: "2017-1-11 15:52:42" (no zero padding on month, day and hour; UTC). */
export function v3Date(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()} ` +
    `${d.getUTCHours()}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

const V4_STATUS: Record<Dialect, Record<LifecycleStatus, string>> = {
  official: {
    queued: 'queued',
    running: 'running',
    completed: 'completed',
    failed: 'failed',
    cancelled: 'cancelled',
  },
  spec: {
    queued: 'queued',
    running: 'in_progress',
    completed: 'completed',
    failed: 'failed',
    cancelled: 'cancelled',
  },
  legacy: {
    queued: 'queued',
    running: 'running',
    completed: 'completed',
    failed: 'failed',
    cancelled: 'cancelled',
  },
};

const V3_STATUS: Record<LifecycleStatus, string> = {
  queued: 'STARTED',
  running: 'STARTED',
  completed: 'COMPLETED',
  // v3 reports a failure through `error`; the status never reaches COMPLETED.
  failed: 'STARTED',
  cancelled: 'CANCELLED',
};

/**
 * A GET of the download is when re-signed links are handed out (`resignLinks`); listing and
 * fetching one both count.
 */
export function consumeResign(state: SimState, d: DownloadRecord): void {
  if (!d.resignPending) return;
  d.resignPending = false;
  d.signGeneration += 1;
  d.generationSignedAt = state.now();
}

export function fileUrls(state: SimState, d: DownloadRecord, snap: DownloadSnapshot): string[] {
  const style = state.dialect === 'legacy' ? 'legacy' : 'amz';
  return snap.files.map((slot) => signedUrl(state.baseUrl, state.secret, d, slot, style));
}

export function renderV4Download(state: SimState, d: DownloadRecord): Json {
  const t = state.now();
  const snap = snapshot(d, t);
  const urls = fileUrls(state, d, snap);
  const status = V4_STATUS[state.dialect][snap.status];
  const error: Record<string, Json> = snap.status === 'failed' ? { error: snap.error } : {};
  if (state.dialect === 'spec') {
    return {
      id: String(d.id),
      status,
      num_records: d.numRecords,
      results: urls.map((url) => ({ url })),
      created_at: iso(d.startedAt),
      ...error,
    };
  }
  if (state.dialect === 'legacy') {
    return {
      id: d.id,
      user_id: d.account.userId,
      status,
      query: d.query,
      data_type: SINGULAR[d.dataType],
      format: d.format.toUpperCase(),
      num_records: d.numRecords,
      num_downloaded: snap.numDownloaded,
      // 2017 objects priced the whole request up front.
      total_cost: d.numRecords,
      results: urls,
      date_started: legacyDate(d.startedAt),
      date_updated: legacyDate(snap.updatedAt),
      ...error,
    };
  }
  return {
    _id: d.id,
    id: String(d.id),
    user: String(d.account.userId),
    status,
    query: d.query,
    data_type: SINGULAR[d.dataType],
    format: d.format,
    view: d.view || null,
    fields: [],
    sort: [],
    num_records: d.numRecords,
    num_downloaded: snap.numDownloaded,
    num_records_suppressed: 0,
    suppressed_fields: [],
    enriched_fields: [],
    is_suppression_job: false,
    is_enrichment_job: false,
    suppression_cost: 0,
    enrichment_cost: 0,
    total_cost: snap.totalCost,
    results: urls,
    date_started: iso(d.startedAt),
    date_updated: iso(snap.updatedAt),
    ...error,
  };
}

export function renderV4List(state: SimState, downloads: DownloadRecord[]): Json {
  const records = downloads.map((d) => renderV4Download(state, d));
  // The spec page shows a bare array; the official reference wraps it.
  return state.dialect === 'spec' ? records : { num_found: records.length, records };
}

export function renderV3Request(state: SimState, d: DownloadRecord): Json {
  const snap = snapshot(d, state.now());
  return {
    id: d.id,
    records: d.numRecords,
    query: d.query,
    dataType: d.dataType,
    dataFormat: d.format,
    accountId: d.account.userId,
    planId: 3,
    view: d.view || 'default',
    async: 1,
    status: V3_STATUS[snap.status],
    error: snap.error,
    numDownloaded: snap.numDownloaded,
    numFound: d.numFound,
    numRequested: d.numRecords,
    date_started: v3Date(d.startedAt),
    date_completed: snap.status === 'completed' && snap.finishedAt !== null ? v3Date(snap.finishedAt) : null,
  };
}

/** `undefined` while the request is not COMPLETED (the route answers 404). */
export function renderV3Results(state: SimState, d: DownloadRecord): Json | undefined {
  const snap = snapshot(d, state.now());
  if (snap.status !== 'completed') return undefined;
  const urls = fileUrls(state, d, snap);
  return snap.files.map((slot, i) => ({
    id: d.id * 1000 + slot.n,
    url: urls[i] ?? '',
    request_id: d.id,
    downloaded: 0,
    imported: 0,
    date_created: v3Date(signedAtFor(d, slot)),
  }));
}

export interface ErrorPayload {
  status: number;
  contentType: string;
  body: string;
}

/** An API error in the dialect's shape: `{errors:[...]}` or the spec page's `{error,message,code,details}`. */
export function apiError(dialect: Dialect, status: number, message: string): ErrorPayload {
  const body =
    dialect === 'spec'
      ? { error: STATUS_CODES[status] ?? 'Error', message, code: status, details: [] }
      : { errors: [message] };
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}
