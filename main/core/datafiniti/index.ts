// The Datafiniti API client and its one normalizer: the public surface of this folder.
export type {
  ClientOptions,
  DatafinitiClient,
  NewDownloadInput,
  PreviewResult,
  RetryWait,
} from './client-types.js';
export { createClient, type ClientTuning } from './client.js';
export { authenticate, authorizationHeader, type AuthenticateOptions } from './auth.js';
export {
  downloadKey,
  normalizeDownload,
  normalizeDownloadList,
  normalizeV3Results,
  type NormalizeContext,
} from './normalize.js';
export { fileFromUrl, fileNameFromUrl, linkExpiryFromUrl, LINK_LIFETIME_MS } from './file-links.js';
export { parseApiDate } from './api-dates.js';
export { apiMessageOf, retryAfterMs } from './errors-from-response.js';
