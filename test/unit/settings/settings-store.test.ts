import { describe, expect, it } from 'vitest';
import {
  closeToTrayDefault,
  createMemoryStore,
  createSettingsStore,
  DEFAULT_SETTINGS,
  migrate,
  readStored,
  SETTINGS_KEY,
  SETTINGS_VERSION,
} from '../../../main/core/settings/index.js';
import { AppError } from '../../../main/core/errors.js';
import { recordingLogger } from '../../support/recording-logger.js';

describe('settings store', () => {
  it('starts with the documented defaults on an empty store', () => {
    const settings = createSettingsStore({ store: createMemoryStore() }).get();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.pollFastSeconds).toBe(5);
    expect(settings.pollSlowSeconds).toBe(300);
    expect(settings.notify.completed).toBe(true);
    expect(settings.saveFolder).toBeNull();
  });

  it('saves a valid update, survives a reload, and tells listeners', () => {
    const store = createMemoryStore();
    const settings = createSettingsStore({ store });
    const seen: number[] = [];
    const off = settings.onChange((next, previous) =>
      seen.push(previous.pollSlowSeconds, next.pollSlowSeconds),
    );
    const result = settings.update({ pollSlowSeconds: 600, notify: { stalled: false } });
    expect(result.pollSlowSeconds).toBe(600);
    expect(result.notify.stalled).toBe(false);
    expect(result.notify.completed).toBe(true);
    expect(seen).toEqual([300, 600]);
    off();
    settings.update({ pollSlowSeconds: 900 });
    expect(seen).toEqual([300, 600]);

    const reloaded = createSettingsStore({ store }).get();
    expect(reloaded.pollSlowSeconds).toBe(900);
    expect(reloaded.notify.stalled).toBe(false);
  });

  it.each([
    [{ pollFastSeconds: 0 }, 'at least 2 seconds'],
    [{ pollFastSeconds: 'fast' }, 'must be a number'],
    [{ pollFastSeconds: 400, pollSlowSeconds: 300 }, 'cannot be longer than the idle'],
    [{ parallelFiles: 2.5 }, 'whole number'],
    [{ saveBeforeExpiryHours: 200 }, 'under 7 days'],
    [{ notify: { completed: 'yes' } }, 'notify.completed'],
    [{ colour: 'blue' }, '"colour" is not a setting'],
  ])('rejects %j with a clear message and saves nothing', (patch, message) => {
    const store = createMemoryStore();
    const settings = createSettingsStore({ store });
    let notified = false;
    settings.onChange(() => (notified = true));
    let error: unknown;
    try {
      settings.update(patch as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid-input');
    expect((error as AppError).message).toContain(message);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.get(SETTINGS_KEY)).toBeUndefined();
    expect(notified).toBe(false);
  });

  it('keeps the valid stored values and repairs the invalid ones with a log line', () => {
    const logger = recordingLogger();
    const store = createMemoryStore({
      [SETTINGS_KEY]: {
        version: SETTINGS_VERSION,
        values: { ...DEFAULT_SETTINGS, autoSave: true, parallelFiles: -4, notify: { failed: false } },
      },
    });
    const settings = createSettingsStore({ store, logger }).get();
    expect(settings.autoSave).toBe(true);
    expect(settings.parallelFiles).toBe(DEFAULT_SETTINGS.parallelFiles);
    expect(settings.notify.failed).toBe(false);
    expect(settings.notify.completed).toBe(true);
    expect(logger.lines.join('\n')).toContain('invalid');
  });

  it('does not let a hand-edited store hand out an object the caller could mutate', () => {
    const settings = createSettingsStore({ store: createMemoryStore() });
    const copy = settings.get();
    copy.notify.completed = false;
    expect(settings.get().notify.completed).toBe(true);
  });
});

describe('settings migrations', () => {
  it('turns the v0 single poll interval into the two cadences', () => {
    const migrated = migrate(readStored({ pollIntervalSeconds: 10, notifications: false, autoSave: true })!);
    expect(migrated.version).toBe(SETTINGS_VERSION);
    expect(migrated.values).toEqual({
      pollFastSeconds: 10,
      pollSlowSeconds: 300,
      notificationsPaused: true,
      autoSave: true,
    });
  });

  it('keeps a v0 user who polled rarely from being polled faster when idle', () => {
    const migrated = migrate(readStored({ pollIntervalSeconds: 900 })!);
    expect(migrated.values).toMatchObject({ pollFastSeconds: 600, pollSlowSeconds: 600 });
  });

  it('migrates a stored v0 file on load and writes the new version back', () => {
    const store = createMemoryStore({ [SETTINGS_KEY]: { pollIntervalSeconds: 3, closeToTray: false } });
    const logger = recordingLogger();
    const settings = createSettingsStore({ store, logger }).get();
    expect(settings.pollFastSeconds).toBe(3);
    expect(settings.pollSlowSeconds).toBe(300);
    expect(settings.closeToTray).toBe(false);
    expect(store.get<{ version: number }>(SETTINGS_KEY)?.version).toBe(SETTINGS_VERSION);
    expect(JSON.stringify(store.get(SETTINGS_KEY))).not.toContain('pollIntervalSeconds');
    expect(logger.lines.join('\n')).toContain('settings migrated');
  });

  it('leaves settings written by a newer app version readable', () => {
    const store = createMemoryStore({
      [SETTINGS_KEY]: {
        version: SETTINGS_VERSION + 3,
        values: { ...DEFAULT_SETTINGS, autoSave: true, extra: 1 },
      },
    });
    const settings = createSettingsStore({ store }).get();
    expect(settings.autoSave).toBe(true);
    expect(store.get<{ version: number }>(SETTINGS_KEY)?.version).toBe(SETTINGS_VERSION + 3);
  });

  it("keeps a newer app's settings that this version does not know, through a load and a change", () => {
    const theirs = {
      version: SETTINGS_VERSION + 1,
      values: {
        ...DEFAULT_SETTINGS,
        pollFastSeconds: 1, // past this version's lower limit: read as the default here
        notify: { ...DEFAULT_SETTINGS.notify, creditsLow: false },
        theme: 'dark',
      },
    };
    const store = createMemoryStore({ [SETTINGS_KEY]: structuredClone(theirs) });
    const settings = createSettingsStore({ store });
    expect(settings.get().pollFastSeconds).toBe(DEFAULT_SETTINGS.pollFastSeconds);
    // Reading it changes nothing in the file.
    expect(store.get(SETTINGS_KEY)).toEqual(theirs);
    // A change made here is written into the newer app's values, not over them.
    settings.update({ autoSave: true, notify: { stalled: false } });
    expect(store.get(SETTINGS_KEY)).toEqual({
      version: SETTINGS_VERSION + 1,
      values: {
        ...theirs.values,
        autoSave: true,
        notify: { ...theirs.values.notify, stalled: false },
      },
    });
    expect(createSettingsStore({ store }).get().autoSave).toBe(true);
  });
});

describe('the save folder setting', () => {
  it('takes a full path and refuses a relative, blank or broken one, saving nothing', () => {
    const store = createMemoryStore();
    const settings = createSettingsStore({ store });
    for (const folder of ['/home/ann/Data', 'C:\\Users\\Ann\\Data', 'D:/data', '\\\\server\\share\\data']) {
      expect(settings.update({ saveFolder: folder }).saveFolder).toBe(folder);
    }
    for (const [folder, message] of [
      ['relative/dir', 'The save folder must be a full path.'],
      ['   ', 'The save folder must be a full path.'],
      ['/home/ann/a\0b', 'The save folder path contains a null character.'],
      [`/${'x'.repeat(5000)}`, 'The save folder path is too long.'],
    ] as const) {
      expect(() => settings.update({ saveFolder: folder }), folder.slice(0, 20)).toThrow(message);
    }
    expect(settings.get().saveFolder).toBe('\\\\server\\share\\data');
  });

  it('reads a hand-edited relative save folder as the default', () => {
    const store = createMemoryStore({
      [SETTINGS_KEY]: { version: SETTINGS_VERSION, values: { ...DEFAULT_SETTINGS, saveFolder: 'Data' } },
    });
    expect(createSettingsStore({ store }).get().saveFolder).toBeNull();
  });
});

describe('closeToTray default', () => {
  it('is off on Linux, where there may be no tray to come back from, and on elsewhere', () => {
    expect(closeToTrayDefault('linux')).toBe(false);
    expect(closeToTrayDefault('win32')).toBe(true);
    expect(closeToTrayDefault('darwin')).toBe(true);
    expect(DEFAULT_SETTINGS.closeToTray).toBe(closeToTrayDefault(process.platform));
  });
});
