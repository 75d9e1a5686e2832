// The downloads table's filter and sort, kept while the user visits other views.
import type { TableQuery } from './table.js';

export const tableQuery = $state<TableQuery>({
  status: 'all',
  accountId: 'all',
  search: '',
  sort: 'startedAt',
  descending: true,
});
