// Which changes become notifications, and how they read. Pure: the backend passes the events of
// one round and shows whatever comes back.
import {
  earliestExpiry,
  type AppNotification,
  type AwayItem,
  type AwayReport,
  type NotificationKind,
  type Settings,
} from '../../../preload/contract/index.js';
import type { DownloadEvent, DownloadEventKind } from './types.js';
import { downloadName, truncate } from './download-name.js';

type NotifiableKind = Extract<DownloadEventKind, NotificationKind>;
/** In order of importance: a summary lists them this way. */
const NOTIFIABLE: readonly NotifiableKind[] = [
  'failed',
  'completed',
  'cancelled',
  'stalled',
  'links-expired',
  'links-expiring',
];

export function planNotifications(
  events: readonly DownloadEvent[],
  settings: Pick<Settings, 'notify' | 'notificationsPaused'>,
  { startup }: { startup: boolean },
): AppNotification[] {
  if (settings.notificationsPaused) return [];
  const expiredOnArrival = completedWithExpiredLinks(events);
  const wanted = dedupe(
    events.filter(
      (e): e is DownloadEvent & { kind: NotifiableKind } =>
        (NOTIFIABLE as readonly string[]).includes(e.kind) &&
        settings.notify[e.kind as NotifiableKind] &&
        // The completion already says its links expired: one notification, not two.
        !(e.kind === 'links-expired' && expiredOnArrival.has(e.downloadKey) && settings.notify.completed),
    ),
  ).map((e) => (e.kind === 'completed' && expiredOnArrival.has(e.downloadKey) ? { ...e, expired: true } : e));
  if (wanted.length === 0) return [];
  if (startup && wanted.length > 1) return settings.notify.away ? [summary(wanted)] : [];

  const notifications: AppNotification[] = [];
  for (const kind of NOTIFIABLE) {
    const ofKind = wanted.filter((e) => e.kind === kind);
    const [first] = ofKind;
    if (!first) continue;
    notifications.push(ofKind.length === 1 ? single(first) : grouped(kind, ofKind));
  }
  return notifications;
}

/** Downloads whose completion and link expiry are reported in the same batch. */
function completedWithExpiredLinks(events: readonly DownloadEvent[]): Set<string> {
  const completed = new Set(events.filter((e) => e.kind === 'completed').map((e) => e.downloadKey));
  return new Set(
    events
      .filter((e) => e.kind === 'links-expired' && completed.has(e.downloadKey))
      .map((e) => e.downloadKey),
  );
}

function single(event: DownloadEvent & { kind: NotifiableKind; expired?: boolean }): AppNotification {
  const { download } = event;
  const name = downloadName(download);
  const base = { id: `${event.kind}:${event.downloadKey}`, downloadKey: event.downloadKey, canSave: false };
  switch (event.kind) {
    case 'completed':
      if (event.expired) {
        return {
          ...base,
          kind: 'completed',
          title: 'Download completed, links expired',
          body: `${name} completed, but its result links have already expired; run the query again to get the files.`,
        };
      }
      return {
        ...base,
        kind: 'completed',
        title: 'Download completed',
        body: `${name}: ${records(download.numDownloaded ?? download.numRecords)}, ${files(download.files.length)} ready to save.`,
        canSave: true,
      };
    case 'failed':
      return {
        ...base,
        kind: 'failed',
        title: 'Download failed',
        body: download.error ? `${name}: ${truncate(download.error, 120)}` : `${name} did not finish.`,
      };
    case 'cancelled':
      return { ...base, kind: 'cancelled', title: 'Download cancelled', body: `${name} was cancelled.` };
    case 'stalled':
      return {
        ...base,
        kind: 'stalled',
        title: 'Download seems stalled',
        body: `${name} has not gathered new records for a while (${records(download.numDownloaded)} so far).`,
      };
    case 'links-expiring':
      return {
        ...base,
        id: `${base.id}:${event.hoursLeft ?? 0}`,
        kind: 'links-expiring',
        title: `Links expire in ${timeLeft(event)}`,
        body: `Save ${name} before its result links stop working.`,
        canSave: true,
      };
    case 'links-expired':
      return {
        ...base,
        kind: 'links-expired',
        title: 'Result links expired',
        body: `The files of ${name} can no longer be fetched; run the query again to get them.`,
      };
  }
}

const GROUP_TITLES: Record<NotifiableKind, (n: number) => string> = {
  completed: (n) => `${n} downloads completed`,
  failed: (n) => `${n} downloads failed`,
  cancelled: (n) => `${n} downloads cancelled`,
  stalled: (n) => `${n} downloads seem stalled`,
  'links-expiring': (n) => `Links of ${n} downloads expire soon`,
  'links-expired': (n) => `Links of ${n} downloads expired`,
};

function grouped(kind: NotifiableKind, events: DownloadEvent[]): AppNotification {
  return {
    id: `${kind}:group:${events.map((e) => e.downloadKey).join(',')}`,
    kind,
    title: GROUP_TITLES[kind](events.length),
    body: listNames(events),
    downloadKey: null,
    canSave: false,
  };
}

const SUMMARY_PHRASES: Record<NotifiableKind, (n: number) => string> = {
  completed: (n) => `${n} completed`,
  failed: (n) => `${n} failed`,
  cancelled: (n) => `${n} cancelled`,
  stalled: (n) => `${n} stalled`,
  'links-expiring': (n) => `${n} with links expiring soon`,
  'links-expired': (n) => `${n} with expired links`,
};

/** What happened while the app was closed or the computer slept, as one notification. */
function summary(events: DownloadEvent[]): AppNotification {
  const parts = NOTIFIABLE.map((kind) => [kind, events.filter((e) => e.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => SUMMARY_PHRASES[kind](n));
  const keys = new Set(events.map((e) => e.downloadKey));
  const only = keys.size === 1 ? [...keys][0]! : null;
  return {
    id: `summary:${events.map((e) => `${e.kind}:${e.downloadKey}`).join(',')}`,
    kind: 'summary',
    title: 'While you were away',
    body: `Downloads: ${parts.join(', ')}.`,
    downloadKey: only,
    canSave: false,
  };
}

const AWAY_ORDER: readonly AwayItem['kind'][] = [
  'failed',
  'links-expired',
  'links-expiring',
  'completed',
  'cancelled',
];

/**
 * The in-window "While you were away" panel: one line per download that completed, failed,
 * was cancelled or whose links expire, with its most pressing change. Null when there is
 * nothing to report or the user switched the summary off.
 */
export function awayReport(
  events: readonly DownloadEvent[],
  settings: Pick<Settings, 'notify'>,
  now: number,
): AwayReport | null {
  if (!settings.notify.away) return null;
  const byKey = new Map<string, AwayItem>();
  for (const e of events) {
    const kind = e.kind as AwayItem['kind'];
    if (!AWAY_ORDER.includes(kind)) continue;
    const known = byKey.get(e.downloadKey);
    if (!known || AWAY_ORDER.indexOf(kind) < AWAY_ORDER.indexOf(known.kind)) {
      byKey.set(e.downloadKey, { downloadKey: e.downloadKey, kind });
    }
  }
  if (byKey.size === 0) return null;
  const items = [...byKey.values()].sort((a, b) => AWAY_ORDER.indexOf(a.kind) - AWAY_ORDER.indexOf(b.kind));
  const at = new Date(now).toISOString();
  return { id: `away:${at}:${items.map((i) => `${i.kind}:${i.downloadKey}`).join(',')}`, at, items };
}

/** The same report twice in one batch (e.g. two rounds merged at start-up) is shown once. */
function dedupe<T extends DownloadEvent>(events: T[]): T[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = `${e.kind}:${e.downloadKey}:${e.hoursLeft ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function listNames(events: DownloadEvent[]): string {
  const names = events.slice(0, 3).map((e) => downloadName(e.download));
  const more = events.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

/**
 * What the links have left when the reminder was derived. A reminder that comes late (the app
 * was closed or the computer slept past a threshold) says so, not the threshold's "48 hours".
 */
function timeLeft(event: DownloadEvent): string {
  const expiry = earliestExpiry(event.download);
  const left = expiry === null ? NaN : expiry - Date.parse(event.at);
  if (!Number.isFinite(left)) return `${event.hoursLeft ?? 'a few'} hours`;
  const hours = Math.round(left / 3_600_000);
  if (hours >= 1) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const minutes = Math.max(1, Math.round(left / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function records(n: number | null): string {
  if (n === null) return 'records';
  return `${n.toLocaleString('en-US')} record${n === 1 ? '' : 's'}`;
}

function files(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}
