// The exported list is a CSV any spreadsheet reads back as written, and never runs a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, EXPORT_COLUMNS, exportListCsv, safeCell } from '../../../main/core/files/export-list.js';
import type { Download } from '../../../preload/contract/index.js';

const download = (over: Partial<Download>): Download => ({
  key: 'a:v4:1',
  accountId: 'a',
  version: 'v4',
  id: '1',
  status: 'completed',
  rawStatus: 'completed',
  dataType: 'businesses',
  format: 'csv',
  query: 'city:Austin',
  view: null,
  numRecords: 100,
  numDownloaded: 90,
  numFound: 100,
  progress: 1,
  cost: 90,
  startedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T01:00:00.000Z',
  completedAt: '2026-01-01T01:00:00.000Z',
  files: [],
  error: null,
  ...over,
});

describe('export list', () => {
  it('defuses cells that a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(safeCell(bad)).toBe(`'${bad}`);
    expect(safeCell('city:Austin')).toBe('city:Austin');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('writes one row per download that reads back the same', () => {
    const csv = exportListCsv([
      {
        download: download({ query: 'name:"Joe, Inc"\nAND city:Austin' }),
        accountLabel: 'Research',
        savedFolder: '/d/R 1',
      },
      {
        download: download({
          id: '2',
          query: '=HYPERLINK("http://x")',
          status: 'unknown',
          rawStatus: 'PAUSED',
          cost: null,
        }),
        accountLabel: '@team',
        savedFolder: null,
      },
    ]);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows[1]).toEqual([
      'Research',
      '1',
      'name:"Joe, Inc"\nAND city:Austin',
      'businesses',
      'csv',
      'completed',
      '90',
      '90',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '/d/R 1',
    ]);
    expect(rows[2]!.slice(0, 8)).toEqual([
      "'@team",
      '2',
      `'=HYPERLINK("http://x")`,
      'businesses',
      'csv',
      'PAUSED',
      '90',
      '',
    ]);
  });
});
