// The app's logger as the shell builds it: each entry formatted by formatLogLine (fields
// redacted by name), then every known secret and credential shape scrubbed, then written to
// the log file and echoed (stderr in the app). One path, so the file and the terminal agree.
import type { Logger } from '../ports.js';
import { createStreamLogger } from '../logger.js';
import { createLogFile, type LogFile } from './log-file.js';
import type { SecretRegistry } from './scrub.js';

export interface AppLoggerOptions {
  dir: string;
  secrets: SecretRegistry;
  echo?: (line: string) => void;
  maxBytes?: number;
  now?: () => Date;
}

export function createAppLogger(options: AppLoggerOptions): { logger: Logger; logFile: LogFile } {
  const { secrets, echo } = options;
  const logFile = createLogFile({
    dir: options.dir,
    redact: secrets.redact,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    onWriteError: (err) => echo?.(`log file not writable: ${String(err)}`),
  });
  const logger = createStreamLogger((line) => {
    const safe = secrets.redact(line);
    echo?.(safe);
    logFile.write(safe);
  }, options.now);
  return { logger, logFile };
}
