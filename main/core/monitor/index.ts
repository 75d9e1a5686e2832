export { createMonitor, WATCH_TTL_MS, type Monitor, type MonitorOptions } from './monitor.js';
export { awayReport, planNotifications } from './notification-policy.js';
export {
  nextExpiryCheckAt,
  observe,
  timeEvents,
  EXPIRY_THRESHOLDS_HOURS,
  STALL_FACTOR,
  STALL_MIN_MS,
} from './derive-events.js';
export { downloadPollDelay, predictFinish } from './cadence.js';
export { backoffDelay, retryAtOf, BACKOFF_CAP_MS } from '../backoff.js';
export {
  DownloadHistory,
  HISTORY_KEY,
  HISTORY_VERSION,
  type HistoryChanges,
  type HistoryStorage,
  type PersistedHistory,
} from './history-store.js';
export type { DownloadEvent, DownloadEventKind, TrackedDownload, Pace, Marker } from './types.js';
