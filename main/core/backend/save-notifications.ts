// Which outcomes of a save are worth a notification, as a pure function of the event and the
// user's settings (the download notifications have theirs in monitor/notification-policy).
import type { SaveEvent } from '../files/index.js';
import { downloadName } from '../monitor/download-name.js';
import type { AppNotification, Settings } from '../../../preload/contract/index.js';

function describe(event: SaveEvent): Pick<AppNotification, 'kind' | 'title' | 'body'> {
  const name = downloadName(event.download);
  switch (event.kind) {
    case 'finished':
      return {
        kind: 'save-finished',
        title: 'Files saved',
        body: `${name} is saved in ${event.job.folder}.`,
      };
    case 'failed':
      return { kind: 'save-failed', title: 'Saving stopped', body: `${name}: ${event.error.message}` };
    case 'expired':
      return { kind: 'save-failed', title: 'Links expired', body: `${name}: ${event.error.message}` };
    case 'record-mismatch':
      return {
        kind: 'record-mismatch',
        title: 'Record count differs',
        body:
          `${name}: the files hold ${event.recordsFound.toLocaleString('en-US')} records, ` +
          `Datafiniti reported ${event.recordsReported?.toLocaleString('en-US') ?? 'no count'}.`,
      };
  }
}

export function planSaveNotification(
  event: SaveEvent,
  settings: Pick<Settings, 'notify' | 'notificationsPaused'>,
): AppNotification | null {
  if (settings.notificationsPaused) return null;
  const { kind, title, body } = describe(event);
  if (kind === 'summary' || !settings.notify[kind]) return null;
  return {
    id: `${kind}:${event.job.jobId}`,
    kind,
    title,
    body,
    downloadKey: event.download.key,
    canSave: false,
  };
}
