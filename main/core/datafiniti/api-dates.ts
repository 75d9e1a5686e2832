// Dates as the API writes them: ISO 8601 (modern v4), "2017-11-16 17:46:06.0" (legacy v4) and
// "2017-1-11 15:52:42" (v3, no zero padding). Date.parse is not used: it reads zone-less
// date-times as local time and accepts many strings that are not dates at all.

const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch ms of an API date string, or null. Zone-less times are UTC (the API runs on UTC). */
export function parseApiDateMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly.
  if (year < 100) {
    const date = new Date(epoch);
    date.setUTCFullYear(year);
    epoch = date.getTime();
  }
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    epoch -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return Number.isFinite(epoch) ? epoch : null;
}

/** An API date as an ISO string (UTC), or null when it is not a date. */
export function parseApiDate(value: unknown): string | null {
  const epoch = parseApiDateMs(value);
  return epoch === null ? null : new Date(epoch).toISOString();
}
