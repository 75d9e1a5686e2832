// Composition root: builds the core's ports and backend, and the Electron shell, nothing else.
import { app } from 'electron';
import { createBackend } from './core/backend/index.js';
import { createStreamLogger } from './core/logger.js';
import { createShell } from './shell/app.js';
import { createElectronPorts } from './shell/ports.js';
import { claimSingleInstance } from './shell/window/window.js';

const logger = createStreamLogger((line) => process.stderr.write(`${line}\n`));

if (!claimSingleInstance()) {
  app.quit();
} else {
  const shell = createShell(logger);
  const ports = createElectronPorts(shell.notifier, logger);
  shell.start(createBackend(ports), ports.store);
}
