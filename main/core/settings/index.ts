export { createConfStore, type ConfStoreOptions } from './conf-store.js';
export { createMemoryStore } from './memory-store.js';
export { migrate, readStored, SETTINGS_VERSION, type StoredSettings } from './migrations.js';
export {
  DEFAULT_SETTINGS,
  closeToTrayDefault,
  NOTIFICATION_KINDS,
  settingsPatchSchema,
  settingsSchema,
  type SettingsPatch,
} from '../../../preload/contract/settings-schema.js';
export {
  createSettingsStore,
  SETTINGS_KEY,
  type SettingsListener,
  type SettingsStore,
  type SettingsStoreOptions,
} from './settings-store.js';
