// Typed settings on the KeyValueStore port: read once (migrated, repaired field by field),
// changed only through a validated `update`, and observable.
import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { Settings } from '../../../preload/contract/index.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import { migrate, readStored, SETTINGS_VERSION } from './migrations.js';
import {
  DEFAULT_SETTINGS,
  settingsFields,
  settingsPatchSchema,
  settingsSchema,
  type SettingsPatch,
} from '../../../preload/contract/settings-schema.js';

export const SETTINGS_KEY = 'settings';

export type SettingsListener = (settings: Settings, previous: Settings) => void;

export interface SettingsStore {
  get(): Settings;
  /** Validates the whole result; on a bad value throws `invalid-input` and saves nothing. */
  update(patch: SettingsPatch): Settings;
  /** Returns the unsubscribe function. */
  onChange(listener: SettingsListener): () => void;
}

export interface SettingsStoreOptions {
  store: KeyValueStore;
  logger?: Logger;
}

export function createSettingsStore({ store, logger = silentLogger }: SettingsStoreOptions): SettingsStore {
  const loaded = load(store, logger);
  let current = loaded.settings;
  const listeners = new Set<SettingsListener>();

  return {
    get: () => structuredClone(current),

    update(patch) {
      const parsedPatch = settingsPatchSchema.safeParse(patch);
      if (!parsedPatch.success) throw invalid(parsedPatch.error.issues);
      const { notify, ...rest } = parsedPatch.data;
      const candidate = { ...current, ...rest, notify: { ...current.notify, ...notify } };
      const parsed = settingsSchema.safeParse(candidate);
      if (!parsed.success) throw invalid(parsed.error.issues);
      const previous = current;
      store.set(SETTINGS_KEY, stored(loaded.newer, loaded.settings, parsed.data));
      current = parsed.data;
      for (const listener of [...listeners]) {
        try {
          listener(structuredClone(current), previous);
        } catch (err) {
          logger.error('settings listener failed', { error: String(err) });
        }
      }
      return structuredClone(current);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What a newer app version wrote: its version and its values, ours among them. */
interface NewerSettings {
  version: number;
  values: Record<string, unknown>;
}

/**
 * The envelope to store. Over a newer app's file only the settings changed here are written
 * into its values, and its version is kept: settings we do not know, notification kinds we do
 * not know, and values past our limits (read here as the default) are all still there when the
 * user goes back to it, and its migrations do not run a second time over values of its version.
 */
function stored(
  newer: NewerSettings | null,
  loaded: Settings,
  settings: Settings,
): { version: number; values: object } {
  if (!newer) return { version: SETTINGS_VERSION, values: settings };
  const values: Record<string, unknown> = { ...newer.values };
  for (const key of Object.keys(settings) as (keyof Settings)[]) {
    if (key === 'notify') continue;
    if (JSON.stringify(settings[key]) !== JSON.stringify(loaded[key])) values[key] = settings[key];
  }
  const theirNotify = newer.values['notify'];
  const notify: Record<string, unknown> =
    typeof theirNotify === 'object' && theirNotify !== null && !Array.isArray(theirNotify)
      ? { ...theirNotify }
      : { ...loaded.notify };
  for (const kind of Object.keys(settings.notify) as (keyof Settings['notify'])[]) {
    if (settings.notify[kind] !== loaded.notify[kind]) notify[kind] = settings.notify[kind];
  }
  values['notify'] = notify;
  return { version: newer.version, values };
}

function load(store: KeyValueStore, logger: Logger): { settings: Settings; newer: NewerSettings | null } {
  const stored = readStored(store.get<unknown>(SETTINGS_KEY));
  if (!stored) return { settings: structuredClone(DEFAULT_SETTINGS), newer: null };
  const migrated = migrate(stored);
  const settings = repair(migrated.values, logger);
  // A newer app's file is read, never rewritten just for being read.
  if (stored.version > SETTINGS_VERSION) {
    logger.info('settings are from a newer version of the app', { version: stored.version });
    return { settings, newer: { version: stored.version, values: stored.values } };
  }
  if (migrated.version !== stored.version || JSON.stringify(settings) !== JSON.stringify(stored.values)) {
    if (migrated.version !== stored.version) {
      logger.info('settings migrated', { from: stored.version, to: migrated.version });
    }
    store.set(SETTINGS_KEY, { version: SETTINGS_VERSION, values: settings });
  }
  return { settings, newer: null };
}

/**
 * Keeps every stored value that is still valid and falls back to the default for the others,
 * so one hand-edited or outdated field never costs the user all their preferences.
 */
function repair(values: Record<string, unknown>, logger: Logger): Settings {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(settingsFields) as (keyof Settings)[]) {
    const fallback = DEFAULT_SETTINGS[key];
    if (!(key in values)) {
      result[key] = structuredClone(fallback);
      continue;
    }
    if (key === 'notify') {
      result[key] = repairNotify(values[key], logger);
      continue;
    }
    const parsed = settingsFields[key].safeParse(values[key]);
    if (parsed.success) result[key] = parsed.data;
    else {
      logger.warn('stored setting is invalid, using the default', { setting: key });
      result[key] = structuredClone(fallback);
    }
  }
  const whole = settingsSchema.safeParse(result);
  if (whole.success) return whole.data;
  logger.warn('stored poll intervals contradict each other, using the defaults');
  return {
    ...(result as unknown as Settings),
    pollFastSeconds: DEFAULT_SETTINGS.pollFastSeconds,
    pollSlowSeconds: DEFAULT_SETTINGS.pollSlowSeconds,
  };
}

function repairNotify(value: unknown, logger: Logger): Settings['notify'] {
  const notify = { ...DEFAULT_SETTINGS.notify };
  if (typeof value !== 'object' || value === null) {
    logger.warn('stored setting is invalid, using the default', { setting: 'notify' });
    return notify;
  }
  for (const kind of Object.keys(notify) as (keyof Settings['notify'])[]) {
    const flag = (value as Record<string, unknown>)[kind];
    if (typeof flag === 'boolean') notify[kind] = flag;
  }
  return notify;
}

function invalid(issues: z.ZodIssue[]): AppError {
  const first = issues[0];
  const field = first?.path.join('.') || 'settings';
  let message = first?.message ?? 'The settings are not valid.';
  if (first?.code === 'unrecognized_keys') message = `"${first.keys.join('", "')}" is not a setting.`;
  else if (first?.code === 'invalid_type' && first.message.startsWith('Expected')) {
    message = `The setting "${field}" must be a ${first.expected}, not ${first.received}.`;
  }
  return new AppError('invalid-input', message, { field }, false);
}
