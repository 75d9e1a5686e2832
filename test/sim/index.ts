/**
 * Datafiniti API + file-host simulator: a real HTTP server for tests, benchmarks, the demo
 * and the preview. See datafiniti-api.md for the behaviour it reproduces.
 */
export { startSimulator, CHARGES_PATH } from './server.js';
export { PREVIEW_RECORD_LIMIT } from './billing.js';
export type { AccountCharges, ChargesReport, SearchCharge } from './billing.js';
export { numFoundFor } from './routes-v4.js';
export { DEMO_ACCOUNTS, DEMO_V3_TOKEN, DEMO_V4_CREDITS_ALLOTTED, DEMO_V4_TOKEN } from './demo.js';
export { AUTH_FAILURE_ROTATION } from './auth.js';
export { LINK_LIFETIME_SECONDS } from './signing.js';
export type {
  AddAccountOptions,
  ApiVersion,
  AuthFailureMode,
  AuthFailureVariant,
  DataType,
  Dialect,
  Fault,
  FaultKind,
  FileFormat,
  LifecycleStatus,
  Outcome,
  RequestLogEntry,
  SimAccount,
  SimDownload,
  SimDownloadOptions,
  SimFile,
  SimOptions,
  Simulator,
} from './types.js';
