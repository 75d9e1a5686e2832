// Supportability in the shell: logs, crash dumps, diagnostics, About and updates, wired to the
// core's support module. app.ts calls into this with a few lines.
import { app, shell } from 'electron';
import type { Backend, SupportPort } from '../../core/backend/types.js';
import type { Logger } from '../../core/ports.js';
import { aboutInfo, type UpdateState } from '../../core/support/index.js';
import type { CredentialVault } from '../../core/ports.js';
import type { TraySupport } from '../tray/tray-model.js';
import { startCrashReporter } from './crash-reporter.js';
import { copyDiagnostics } from './diagnostics.js';
import { createAppLogging } from './logging.js';
import { createAppUpdates, installSupport, type AppUpdates } from './updates.js';

export interface AppSupport {
  logger: Logger;
  port: SupportPort;
  /** The keychain, with every secret it returns remembered for the log redaction. */
  guardVault<V extends CredentialVault>(vault: V): V;
  /** After the backend has started: updates begin, and follow the setting. */
  start(backend: Backend, onChange: () => void): void;
  tray(): TraySupport;
  openLogsFolder(): Promise<void>;
  copyDiagnostics(): Promise<void>;
  restartToUpdate(): void;
}

export function createAppSupport(): AppSupport {
  const { logger, logFile, secrets, guardVault } = createAppLogging();
  const crashFolder = startCrashReporter();
  const support = installSupport();
  let backend: Backend | null = null;
  let updates: AppUpdates | null = null;

  const updateState = (): UpdateState | null => updates?.controller.state() ?? null;
  const openLogsFolder = async () => {
    const problem = await shell.openPath(logFile.dir);
    if (problem) throw new Error(problem);
  };

  return {
    logger,
    port: {
      about: () =>
        aboutInfo({
          appVersion: app.getVersion(),
          versions: process.versions,
          logsFolder: logFile.dir,
          update: updateState()?.message ?? support.reason,
        }),
      openLogsFolder,
    },
    guardVault,
    start(b, onChange) {
      backend = b;
      updates = createAppUpdates({
        support,
        settingOn: b.view().settings.checkForUpdates,
        logger,
        onState: onChange,
      });
      b.subscribe((event) => {
        if (event === 'settings') updates?.controller.settingChanged(b.view().settings.checkForUpdates);
      });
      updates.controller.start();
    },
    tray: () => ({ updateReady: updateState()?.phase === 'ready' }),
    openLogsFolder,
    async copyDiagnostics() {
      if (!backend) return;
      const file = await copyDiagnostics({
        backend,
        logsFolder: logFile.dir,
        crashFolder,
        secrets,
        support,
        update: updateState(),
      });
      logger.info('diagnostics copied', { file });
    },
    restartToUpdate: () => updates?.restartToInstall(),
  };
}
