// "Export list": the downloads list as the user filtered it, as a CSV for accounting credits
// per project. Cells that start like a formula are defused (see safeCell).
import type { Download } from '../../../preload/contract/index.js';

export interface ExportRow {
  download: Download;
  accountLabel: string;
  /** The folder its files were saved to, when they were. */
  savedFolder: string | null;
}

export const EXPORT_COLUMNS = [
  'account',
  'id',
  'query',
  'data type',
  'format',
  'status',
  'records',
  'cost',
  'started',
  'completed',
  'updated',
  'saved folder',
] as const;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return before one) as
 * a formula: a query like `=HYPERLINK(...)` typed by anyone with access to the account would
 * run on the accountant's machine ("CSV injection", OWASP). A leading apostrophe makes it text.
 */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: a cell with a comma, quote or line break goes in quotes, quotes doubled. */
export function csvCell(text: string): string {
  const safe = safeCell(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(n: number | null): string {
  return n === null ? '' : String(n);
}

export function exportListCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.map(csvCell).join(',')];
  for (const { download: d, accountLabel, savedFolder } of rows) {
    const cells = [
      accountLabel,
      d.id,
      d.query,
      d.dataType ?? '',
      d.format ?? '',
      d.status === 'unknown' ? d.rawStatus : d.status,
      num(d.numDownloaded ?? d.numRecords),
      num(d.cost),
      d.startedAt ?? '',
      d.completedAt ?? '',
      d.updatedAt ?? '',
      savedFolder ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  // CRLF as RFC 4180 says, and a BOM so Excel reads the UTF-8 queries right.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
