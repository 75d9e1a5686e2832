// The contract everyone shares: core, preload and renderer import it; it imports nothing from
// main/ or renderer/ (test/unit/architecture.test.ts checks the import graph).
export * from './model.js';
export * from './errors.js';
export * from './channels.js';
export * from './bridge.js';
export * from './account-fields.js';
export * from './settings-schema.js';
export * from './method-schemas.js';
export * from './limits.js';
export * from './capabilities.js';
export * from './download-rules.js';
export * from './app-name.js';
export * from './external-url.js';
export * from './credits.js';
export * from './download-pages.js';
export * from './save-progress.js';
export * from './poll-cadence.js';
