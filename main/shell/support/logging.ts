// The app's logger: every line to stderr (for a terminal) and to `<logs>/main.log`, both
// through the same redaction (core/support/app-logger). Created first, before anything logs.
import { app } from 'electron';
import {
  createAppLogger,
  createSecretRegistry,
  type LogFile,
  type SecretRegistry,
} from '../../core/support/index.js';
import type { Logger } from '../../core/ports.js';

export interface AppLogging {
  logger: Logger;
  logFile: LogFile;
  secrets: SecretRegistry;
}

export function createAppLogging(): AppLogging {
  // Without a path: ~/Library/Logs/<app> on macOS, <userData>/logs on Windows and Linux.
  app.setAppLogsPath();
  const secrets = createSecretRegistry();
  const { logger, logFile } = createAppLogger({
    dir: app.getPath('logs'),
    secrets,
    echo: (line) => process.stderr.write(`${line}\n`),
  });
  return { logger, logFile, secrets };
}
