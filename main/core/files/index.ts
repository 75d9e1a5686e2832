// Public surface of the result-file saver.
export { createSaver, defaultSaveFolder, DEFAULT_PARALLEL_FILES, STORE_KEY } from './saver.js';
export type { Saver, SaverDeps, SaveRequest, SaveEvent, SaveTuning } from './saver.js';
export { sanitizeFileName } from './sanitize-name.js';
export { linkExpiresAt } from './link-expiry.js';
export type { Manifest, ManifestFile } from './manifest.js';
