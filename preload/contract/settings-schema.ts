// The settings schema, its defaults and its version. The schema is the single place that says
// what a valid value is, so the UI, the IPC validator and the store all agree.
import { z } from 'zod';
import { SETTINGS_LIMITS as L } from './limits.js';
import type { NotificationKind, Settings } from './model.js';

export const NOTIFICATION_KINDS = [
  'completed',
  'failed',
  'cancelled',
  'links-expiring',
  'links-expired',
  'stalled',
  'save-finished',
  'save-failed',
  'record-mismatch',
  'away',
] as const satisfies readonly NotificationKind[];

/**
 * Closing to the tray is on by default except on Linux: stock GNOME shows no tray (AppIndicator
 * needs an extension), and a hidden window there could only come back by relaunching the app.
 */
export function closeToTrayDefault(platform: string): boolean {
  return platform !== 'linux';
}

// The contract also runs in the sandboxed renderer, which has no `process`: there the platform
// reads as unknown, and only the main process's defaults (which it stores) matter.
const hostPlatform = (globalThis as { process?: { platform?: unknown } }).process?.platform;

export const DEFAULT_SETTINGS: Settings = {
  pollFastSeconds: 5,
  pollSlowSeconds: 300,
  notify: {
    completed: true,
    failed: true,
    cancelled: true,
    'links-expiring': true,
    'links-expired': true,
    // A stall is a hint, not an outcome: on by default because nothing else would tell the
    // user that a long download stopped moving, and it fires at most once per stall.
    stalled: true,
    'save-finished': true,
    'save-failed': true,
    'record-mismatch': true,
    away: true,
  },
  notificationsPaused: false,
  saveFolder: null,
  parallelFiles: 3,
  autoSave: false,
  keepPartialOnCancel: true,
  closeToTray: closeToTrayDefault(typeof hostPlatform === 'string' ? hostPlatform : ''),
  startAtLogin: false,
  saveBeforeExpiryHours: 24,
  checkForUpdates: true,
  combineFiles: false,
  keepPartsAfterCombine: true,
};

const notifySchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.boolean()])) as Record<
    NotificationKind,
    z.ZodBoolean
  >,
);

export const settingsFields = {
  pollFastSeconds: z
    .number({ invalid_type_error: 'The fast poll interval must be a number of seconds.' })
    .int('The fast poll interval must be a whole number of seconds.')
    .min(L.pollFastSeconds.min, `The fast poll interval must be at least ${L.pollFastSeconds.min} seconds.`)
    .max(
      L.pollFastSeconds.max,
      `The fast poll interval must be at most ${L.pollFastSeconds.max / 60} minutes.`,
    ),
  pollSlowSeconds: z
    .number({ invalid_type_error: 'The idle poll interval must be a number of seconds.' })
    .int('The idle poll interval must be a whole number of seconds.')
    .min(L.pollSlowSeconds.min, `The idle poll interval must be at least ${L.pollSlowSeconds.min} seconds.`)
    .max(
      L.pollSlowSeconds.max,
      `The idle poll interval must be at most ${L.pollSlowSeconds.max / 3600} hours.`,
    ),
  notify: notifySchema,
  notificationsPaused: z.boolean(),
  saveFolder: z
    .string()
    .min(1, 'The save folder cannot be empty.')
    .max(4096, 'The save folder path is too long.')
    .refine((p) => !p.includes('\0'), 'The save folder path contains a null character.')
    // A relative path would be resolved against wherever the app was started from. Absolute on
    // macOS and Linux (`/…`) or Windows (`C:\…`, `\\server\share`); the folder dialog gives one.
    .refine((p) => /^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p), 'The save folder must be a full path.')
    .nullable(),
  parallelFiles: z
    .number()
    .int('Parallel files must be a whole number.')
    .min(L.parallelFiles.min, 'At least one file must be saved at a time.')
    .max(L.parallelFiles.max, `At most ${L.parallelFiles.max} files can be saved at a time.`),
  autoSave: z.boolean(),
  keepPartialOnCancel: z.boolean(),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  saveBeforeExpiryHours: z
    .number()
    .min(L.saveBeforeExpiryHours.min, 'Save-before-expiry must be at least 1 hour.')
    .max(L.saveBeforeExpiryHours.max, 'Save-before-expiry must be under 7 days (links last 7 days).'),
  checkForUpdates: z.boolean(),
  combineFiles: z.boolean(),
  keepPartsAfterCombine: z.boolean(),
} satisfies { [K in keyof Settings]: z.ZodType<Settings[K]> };

export const settingsSchema = z
  .object(settingsFields)
  .strict()
  .refine((s) => s.pollFastSeconds <= s.pollSlowSeconds, {
    message: 'The fast poll interval cannot be longer than the idle poll interval.',
    path: ['pollFastSeconds'],
  });

/** A patch as the UI sends it: any subset, and `notify` may name only the kinds it changes. */
export const settingsPatchSchema = z
  .object({ ...settingsFields, notify: notifySchema.partial().strict() })
  .partial()
  .strict();

export type SettingsPatch = Omit<Partial<Settings>, 'notify'> & {
  notify?: Partial<Settings['notify']>;
};
