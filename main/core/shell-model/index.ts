// Pure decisions the Electron shell makes, testable in plain Node.
export * from './trusted-sender.js';
export * from './external-url.js';
export * from './csp.js';
export * from './permissions.js';
export * from './navigation.js';
export * from './window-bounds.js';
export * from './tray-model.js';
export * from './app-menu.js';
export * from './save-progress.js';
export * from './notification-options.js';
export * from './online-watcher.js';
export * from './coalesce.js';
export * from './ipc-call.js';
export * from './navigate-event.js';
export * from './logger.js';
export * from './dev-overrides.js';
export * from './app-id.js';
