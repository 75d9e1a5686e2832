// Supportability: the log file, diagnostics, crash dumps, About and the update decisions.
export * from './scrub.js';
export * from './log-file.js';
export * from './log-tail.js';
export * from './crash-dumps.js';
export * from './diagnostics.js';
export * from './about.js';
export * from './update-policy.js';
export * from './update-controller.js';
export * from './app-logger.js';
