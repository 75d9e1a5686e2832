// Filtering and sorting of the downloads table, as pure functions over the model.
import type { Download, DownloadStatus } from '../../../preload/contract/index.js';
import { earliestExpiry, isActive } from '../../../preload/contract/download-rules.js';

export type SortKey =
  | 'status'
  | 'query'
  | 'dataType'
  | 'format'
  | 'account'
  | 'records'
  | 'startedAt'
  | 'updatedAt'
  | 'cost'
  | 'files'
  | 'expires';

export interface TableQuery {
  status: DownloadStatus | 'all' | 'active';
  accountId: string | 'all';
  search: string;
  sort: SortKey;
  descending: boolean;
}

const STATUS_ORDER: Record<DownloadStatus, number> = {
  running: 0,
  queued: 1,
  failed: 2,
  unknown: 3,
  completed: 4,
  cancelled: 5,
};

function time(iso: string | null): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function sortValue(d: Download, key: SortKey, label: (id: string) => string): number | string {
  switch (key) {
    case 'status':
      return STATUS_ORDER[d.status] ?? 9;
    case 'query':
      return d.query.toLowerCase();
    case 'dataType':
      return d.dataType ?? '';
    case 'format':
      return d.format ?? '';
    case 'account':
      return label(d.accountId).toLowerCase();
    case 'records':
      return d.numDownloaded ?? d.numRecords ?? -1;
    case 'startedAt':
      return time(d.startedAt);
    case 'updatedAt':
      return time(d.updatedAt);
    case 'cost':
      return d.cost ?? -1;
    case 'files':
      return d.files.length;
    case 'expires':
      return earliestExpiry(d) ?? Infinity;
  }
}

export function filterAndSort(
  list: readonly Download[],
  q: TableQuery,
  label: (id: string) => string,
): Download[] {
  const needle = q.search.trim().toLowerCase();
  const rows = list.filter(
    (d) =>
      (q.status === 'all' || d.status === q.status || (q.status === 'active' && isActive(d))) &&
      (q.accountId === 'all' || d.accountId === q.accountId) &&
      (!needle || d.query.toLowerCase().includes(needle) || d.id.toLowerCase().includes(needle)),
  );
  const dir = q.descending ? -1 : 1;
  const keyed = rows.map((d) => ({ d, v: sortValue(d, q.sort, label) }));
  keyed.sort((a, b) => {
    if (a.v < b.v) return -dir;
    if (a.v > b.v) return dir;
    // Ties keep a stable, useful order: newest first.
    return time(b.d.startedAt) - time(a.d.startedAt) || (a.d.key < b.d.key ? -1 : 1);
  });
  return keyed.map((k) => k.d);
}
