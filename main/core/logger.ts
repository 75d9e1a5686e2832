// The app's logger: one line per entry on stderr, fields as JSON. Anything under a key that
// smells of a secret is replaced, whatever a caller passes.
import type { Logger } from './ports.js';

const SECRET_KEY = /token|password|secret|authorization|cookie|args/i;

export function redactFields(
  fields: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  return out;
}

export function formatLogLine(
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, unknown> | undefined,
  now: Date,
): string {
  const safe = redactFields(fields);
  let extra = '';
  if (safe && Object.keys(safe).length > 0) {
    try {
      extra = ` ${JSON.stringify(safe)}`;
    } catch {
      extra = ' {"fields":"unserialisable"}';
    }
  }
  return `${now.toISOString()} ${level.toUpperCase()} ${message}${extra}`;
}

export function createStreamLogger(
  write: (line: string) => void,
  now: () => Date = () => new Date(),
): Logger {
  return {
    info: (m, f) => write(formatLogLine('info', m, f, now())),
    warn: (m, f) => write(formatLogLine('warn', m, f, now())),
    error: (m, f) => write(formatLogLine('error', m, f, now())),
  };
}
