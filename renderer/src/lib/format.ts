// Numbers, sizes and times as a person reads them.
const nf = new Intl.NumberFormat();
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
// Older dates stay as short as the relative ones ("Dec 25", "Dec 2025") so no column clips them.
const dayOfYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const monthOfYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : nf.format(n);
}

/** Compact at every size ("611", "2.7K", "50K"), so one column reads one way; show the exact
 *  figure (count) in a tooltip beside it. */
export function compactCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : compact.format(n);
}

const compactDown = new Intl.NumberFormat(undefined, {
  notation: 'compact',
  maximumFractionDigits: 1,
  roundingMode: 'floor',
});

/** compactCount rounded down, for a part of a total: 49,990 of 50K reads "49.9K", never "50K". */
export function compactCountDown(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : compactDown.format(n);
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

const hourMinute = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "14:05" (or "02:05 PM"): a time later today, for "until ..." with a countdown beside it. */
export function clockTime(ms: number): string {
  return hourMinute.format(ms);
}

export function exactTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : full.format(t);
}

/** "2 min ago", "in 3 h"; `now` is passed so callers re-render on a shared clock. */
export function relative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const diff = t - now;
  const abs = Math.abs(diff);
  const s = Math.round(abs / 1000);
  let text: string;
  // Times a few seconds ahead are clock skew or a stale shared clock, not the future.
  if (s < 45 || (diff > 0 && s < 90)) return 'just now';
  else if (s < 3600) text = `${Math.round(s / 60)} min`;
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else if (s < 30 * 86_400) text = `${Math.round(s / 86_400)} d`;
  else if (new Date(t).getFullYear() === new Date(now).getFullYear()) return dayOfYear.format(t);
  else return monthOfYear.format(t);
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** "4 d 3 h", "12 min", "45 s". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export function money(n: number | null | undefined): string {
  // The API reports cost in records (credits), not currency.
  return n === null || n === undefined ? '—' : nf.format(n);
}

/** "1 credit", "2,500 credits". */
export function credits(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${nf.format(n)} ${n === 1 ? 'credit' : 'credits'}`;
}

/** "1 download", "3 downloads": the noun agrees with the number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${nf.format(n)} ${n === 1 ? one : many}`;
}

export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${Math.floor(p * 100)}%`;
}
