import type { Download } from '../../../preload/contract/index.js';

export const T0 = Date.parse('2026-01-05T09:00:00Z');

export function download(overrides: Partial<Download> = {}): Download {
  const id = overrides.id ?? '1';
  const accountId = overrides.accountId ?? 'acc';
  return {
    key: `${accountId}:v4:${id}`,
    accountId,
    version: 'v4',
    id,
    status: 'running',
    rawStatus: 'running',
    dataType: 'products',
    format: 'csv',
    query: 'brand:Acme',
    view: null,
    numRecords: 10_000,
    numDownloaded: 0,
    numFound: null,
    progress: 0,
    cost: 0,
    startedAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    completedAt: null,
    files: [],
    error: null,
    ...overrides,
  };
}

export function completed(expiresAt: number, overrides: Partial<Download> = {}): Download {
  return download({
    status: 'completed',
    rawStatus: 'completed',
    numDownloaded: 10_000,
    files: [
      {
        url: 'https://files.example/u/1_1.csv',
        name: '1_1.csv',
        expiresAt: new Date(expiresAt).toISOString(),
      },
    ],
    ...overrides,
  });
}
