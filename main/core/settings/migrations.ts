// Stored settings from older versions of the app, upgraded one version at a time. Each step is
// a pure function of the stored JSON so it can be tested without a store.

/** What is in the store under the settings key: any version, possibly hand-edited. */
export interface StoredSettings {
  version: number;
  values: Record<string, unknown>;
}

type Migration = (values: Record<string, unknown>) => Record<string, unknown>;

/**
 * v0 (the prototype) kept one `pollIntervalSeconds` and a single `notifications` switch,
 * stored flat with no version. v1 polls on two cadences and has a switch per kind.
 */
const fromV0: Migration = (values) => {
  const { pollIntervalSeconds, notifications, ...rest } = values;
  const next: Record<string, unknown> = { ...rest };
  if (typeof pollIntervalSeconds === 'number' && Number.isFinite(pollIntervalSeconds)) {
    // The old single interval was what users tolerated while waiting: keep it as the fast
    // cadence (within the new bounds) and never let the idle cadence be faster than before.
    const fast = Math.min(600, Math.max(2, Math.round(pollIntervalSeconds)));
    next['pollFastSeconds'] = fast;
    next['pollSlowSeconds'] = Math.max(300, fast);
  }
  if (notifications === false) next['notificationsPaused'] = true;
  return next;
};

/** `MIGRATIONS[n]` turns version n into version n + 1. */
const MIGRATIONS: readonly Migration[] = [fromV0];

/** The stored shape's version; bumped by adding a migration. */
export const SETTINGS_VERSION = MIGRATIONS.length;

/** Reads whatever is stored: the versioned envelope, or a bare v0 object. */
export function readStored(raw: unknown): StoredSettings | null {
  if (!isPlainObject(raw)) return null;
  if (typeof raw['version'] === 'number' && isPlainObject(raw['values'])) {
    return { version: raw['version'], values: raw['values'] };
  }
  return { version: 0, values: raw };
}

/** Upgrades stored values to the latest version. Versions newer than this app are kept as they are. */
export function migrate(stored: StoredSettings): StoredSettings {
  let { version, values } = stored;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    values = step(values);
    version += 1;
  }
  return { version: Math.max(version, stored.version), values };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
