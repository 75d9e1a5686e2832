// One sample of every download/request shape in datafiniti-api.md, used by the example tests
// and as seeds for the property test's mutations.

export const SIGNED_URL =
  'https://datafiniti-voltaire-files.s3.amazonaws.com/users/5013/847070_1.csv' +
  '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20220301%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20220301T120000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';

export const modernV4 = {
  _id: 847070,
  id: '847070',
  status: 'completed',
  num_records: 2000,
  num_downloaded: 2000,
  num_records_suppressed: 0,
  total_cost: 2000,
  data_type: 'product',
  format: 'csv',
  query: 'brand:Apple',
  user: 5013,
  view: 'product_flat',
  fields: [],
  sort: null,
  results: [SIGNED_URL, SIGNED_URL.replace('847070_1.csv', '847070_2.csv')],
  date_started: '2022-03-01T11:58:02.123Z',
  date_updated: '2022-03-01T12:00:00.000Z',
  is_suppression_job: false,
  is_enrichment_job: false,
};

export const legacyV4 = {
  id: 7,
  user_id: 12,
  status: 'running',
  num_records: 500,
  num_downloaded: 125,
  total_cost: 500,
  data_type: 'business',
  format: 'CSV',
  query: 'categories:restaurant',
  results: ['https://s3.amazonaws.com/bucket/12/7_1.csv?AWSAccessKeyId=AK&Expires=1511459166&Signature=x'],
  date_started: '2017-11-16 17:46:06.0',
  date_updated: '2017-11-16 17:50:11.0',
};

export const specV4 = {
  id: 'a1b2c3',
  status: 'in_progress',
  num_records: 100,
  results: [{ url: 'https://files.example.com/u/a1b2c3_1.txt' }],
  created_at: '2023-05-04T10:11:12Z',
};

export const v3Request = {
  id: 53,
  records: 1000,
  query: 'country:US',
  dataType: 'properties',
  dataFormat: 'json',
  accountId: 4,
  planId: 2,
  view: null,
  async: 1,
  status: 'STARTED',
  error: '',
  numDownloaded: 250,
  numFound: 81234,
  numRequested: 1000,
  date_started: '2017-1-11 15:52:42',
  date_completed: null,
};

export const v3Results = [
  {
    id: 1,
    url: 'https://s3.amazonaws.com/df/4/53_1.txt',
    request_id: 53,
    downloaded: 0,
    imported: 1,
    date_created: '2017-1-11 16:02:00',
  },
];

export const ALL_DOWNLOAD_SHAPES: Record<string, Record<string, unknown>> = {
  modernV4,
  legacyV4,
  specV4,
  v3Request,
};
