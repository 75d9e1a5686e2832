// The "New download" form's values, shared so "Run again" on any row or in the detail panel
// can open the form pre-filled. The dialog binds straight to `newDownload.form`.
import type {
  Account,
  DataType,
  Download,
  DownloadFormat,
  ErrorInfo,
  NewDownloadInput,
} from '../../../preload/contract/index.js';
// Values from single contract files: the index also carries the zod schemas.
import { capabilitiesOf } from '../../../preload/contract/capabilities.js';
import { NUM_RECORDS_LIMITS } from '../../../preload/contract/limits.js';

export const DATA_TYPES: readonly { value: DataType; label: string }[] = [
  { value: 'businesses', label: 'Businesses' },
  { value: 'people', label: 'People' },
  { value: 'products', label: 'Products' },
  { value: 'properties', label: 'Properties' },
];

/** What the account's API version can download; every type while no account is chosen. */
export function dataTypesFor(version: Account['version'] | undefined): DataType[] {
  const offered = version ? capabilitiesOf(version).dataTypes : null;
  return DATA_TYPES.map((t) => t.value).filter((t) => !offered || offered.includes(t));
}

export interface NewDownloadForm {
  accountId: string;
  dataType: DataType;
  query: string;
  format: DownloadFormat;
  records: 'all' | 'limit';
  /** What the number field holds (a string while typing, a number from `type=number`). */
  limit: string | number | null;
  view: string;
}

export interface Prefill {
  accountId?: string;
  dataType?: DataType | null;
  query?: string;
  format?: DownloadFormat | null;
  view?: string | null;
}

export const EXAMPLE_QUERY = 'categories:restaurant AND city:Austin';

function blank(): NewDownloadForm {
  return {
    accountId: '',
    dataType: 'businesses',
    query: '',
    format: 'csv',
    records: 'all',
    limit: '',
    view: '',
  };
}

/** The number of records asked for: null for all, NaN when the field does not hold a valid count. */
export function requestedRecords(form: NewDownloadForm): number | null {
  if (form.records === 'all') return null;
  const text = String(form.limit ?? '').trim();
  if (!/^\d+$/.test(text)) return Number.NaN;
  const n = Number(text);
  return n >= NUM_RECORDS_LIMITS.min && n <= NUM_RECORDS_LIMITS.max ? n : Number.NaN;
}

/** The contract input for the form, or null while it is incomplete. */
export function inputOf(form: NewDownloadForm, account: Account | undefined): NewDownloadInput | null {
  if (!account || account.state === 'needs-sign-in') return null;
  const query = form.query.trim();
  if (!query) return null;
  if (!dataTypesFor(account.version).includes(form.dataType)) return null;
  const numRecords = requestedRecords(form);
  if (Number.isNaN(numRecords)) return null;
  const view = form.view.trim();
  return {
    accountId: account.id,
    dataType: form.dataType,
    query,
    format: form.format,
    numRecords,
    view: view || null,
  };
}

/**
 * A start whose answer was lost (time-out, reset, a cut-off body) may have gone through:
 * it is never sent again by itself, and the person is sent to the list to look.
 */
export function mayHaveStarted(info: ErrorInfo): boolean {
  const said = info.detail?.['mayHaveStarted'];
  if (typeof said === 'boolean') return said;
  return info.code === 'network' || info.code === 'timeout' || info.code === 'bad-response';
}

export function prefillFrom(d: Download): Prefill {
  return { accountId: d.accountId, dataType: d.dataType, query: d.query, format: d.format, view: d.view };
}

class NewDownloadState {
  open = $state(false);
  form = $state<NewDownloadForm>(blank());
  /** Bumped on every open, so the dialog can forget the previous preview and error. */
  generation = $state(0);

  /** Opens the form, empty or pre-filled; `accounts` picks a usable default account. */
  show(accounts: readonly Account[], prefill: Prefill = {}): void {
    const usable = accounts.find((a) => a.state !== 'needs-sign-in') ?? accounts[0];
    const chosen = accounts.find((a) => a.id === prefill.accountId) ?? usable;
    const types = dataTypesFor(chosen?.version);
    const dataType = prefill.dataType && types.includes(prefill.dataType) ? prefill.dataType : 'businesses';
    this.form = {
      ...blank(),
      accountId: chosen?.id ?? '',
      dataType,
      query: prefill.query ?? '',
      format: prefill.format ?? 'csv',
      view: prefill.view ?? '',
    };
    this.generation += 1;
    this.open = true;
  }
}

export const newDownload = new NewDownloadState();
