// A download as the monitor keeps it in its history, the size of a real one (two result files
// with signed links), for the history store's tests and benchmarks.
import type { TrackedDownload } from '../../main/core/monitor/index.js';
import type { Marker } from '../../main/core/monitor/types.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

export function trackedDownload(
  accountId: string,
  id: string,
  { numDownloaded = 2000, markers = [] as Marker[] } = {},
): TrackedDownload {
  const link = (n: number) =>
    `https://files.example.test/exports/${id}_${n}.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260105T090000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0f'.repeat(32)}`;
  return {
    download: {
      key: `${accountId}:v4:${id}`,
      accountId,
      version: 'v4',
      id,
      status: numDownloaded >= 2000 ? 'completed' : 'running',
      rawStatus: numDownloaded >= 2000 ? 'completed' : 'running',
      dataType: 'products',
      format: 'csv',
      query: 'brand:Apple AND categories:Laptops',
      view: 'product_flat',
      numRecords: 2000,
      numDownloaded,
      numFound: null,
      progress: numDownloaded / 2000,
      cost: 2000,
      startedAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0 + numDownloaded * 1000).toISOString(),
      completedAt: numDownloaded >= 2000 ? new Date(T0 + 2_000_000).toISOString() : null,
      files: [1, 2].map((n) => ({
        url: link(n),
        name: `${id}_${n}.csv`,
        expiresAt: new Date(T0 + 7 * 86_400_000).toISOString(),
      })),
      error: null,
    },
    firstSeenAt: T0,
    observedAt: T0 + numDownloaded * 1000,
    pace: null,
    markers,
    expiryMarkedFor: null,
    linkRefreshTriedFor: null,
  };
}
