// How a notification names a download, for every notification (the monitor's and the saver's):
// its data type and query, or its id when it has no query.
import type { Download } from '../../../preload/contract/index.js';

const QUERY_CHARS = 60;

export function downloadName(download: Pick<Download, 'query' | 'dataType' | 'id'>): string {
  const query = download.query.trim();
  const type = download.dataType ?? 'data';
  return query ? `${type} "${truncate(query, QUERY_CHARS)}"` : `${type} download ${download.id}`;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
