// The app's logger as the shell builds it: each entry formatted by formatLogLine (fields
// redacted by name), then every known secret and credential shape scrubbed, then written to
// the log file and echoed (stderr in the app). One path, so the file and the terminal agree.
import type { CredentialVault, Logger } from '../ports.js';
import { createStreamLogger } from '../logger.js';
import { createLogFile, type LogFile } from './log-file.js';
import { createSecretRegistry, rememberingVault, type SecretRegistry } from './scrub.js';

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

export type AppLoggingOptions = Omit<AppLoggerOptions, 'secrets'>;

export interface AppLogging {
  logger: Logger;
  logFile: LogFile;
  /** What the app's redaction knows; the diagnostics scrub their text with it too. */
  secrets: SecretRegistry;
  /** The keychain, with every secret read from or written to it remembered by `secrets`. */
  guardVault<V extends CredentialVault>(vault: V): V;
}

/**
 * All of the app's log redaction in one place: a fresh secret registry, the app logger over it,
 * and the vault wrapping that teaches the registry every token. The shell builds its logging
 * with this, and the token canaries build theirs with it, so they test what the app runs.
 */
export function createAppLogging(options: AppLoggingOptions): AppLogging {
  const secrets = createSecretRegistry();
  const { logger, logFile } = createAppLogger({ ...options, secrets });
  return { logger, logFile, secrets, guardVault: (vault) => rememberingVault(vault, secrets) };
}
