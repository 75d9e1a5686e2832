// The app's logger: every line to stderr (for a terminal) and to `<logs>/main.log`, both
// through the same redaction. Created first, before anything can log.
import { app } from 'electron';
import { createStreamLogger } from '../../core/shell-model/index.js';
import {
  createLogFile,
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
  const logFile = createLogFile({
    dir: app.getPath('logs'),
    redact: secrets.redact,
    onWriteError: (err) => process.stderr.write(`log file not writable: ${String(err)}\n`),
  });
  const logger = createStreamLogger((line) => {
    const safe = secrets.redact(line);
    process.stderr.write(`${safe}\n`);
    logFile.write(safe);
  });
  return { logger, logFile, secrets };
}
