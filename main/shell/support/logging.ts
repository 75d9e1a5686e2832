// The app's logger: every line to stderr (for a terminal) and to `<logs>/main.log`, both
// through the same redaction (core/support/app-logger). Created first, before anything logs.
import { app } from 'electron';
import { createAppLogging as createCoreAppLogging, type AppLogging } from '../../core/support/index.js';

export type { AppLogging };

export function createAppLogging(): AppLogging {
  // Without a path: ~/Library/Logs/<app> on macOS, <userData>/logs on Windows and Linux.
  app.setAppLogsPath();
  return createCoreAppLogging({
    dir: app.getPath('logs'),
    echo: (line) => process.stderr.write(`${line}\n`),
  });
}
