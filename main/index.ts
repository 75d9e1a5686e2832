// Composition root: builds the core's ports and backend, and the Electron shell, nothing else.
import { app } from 'electron';
import { createBackend } from './core/backend/index.js';
import { createShell } from './shell/app.js';
import { createElectronPorts } from './shell/ports.js';
import { createAppSupport } from './shell/support/index.js';
import { claimSingleInstance } from './shell/window/window.js';

// First, so every later line reaches the log file and a crash leaves a dump.
const support = createAppSupport();
const logger = support.logger;

if (!claimSingleInstance()) {
  app.quit();
} else {
  const shell = createShell(logger, support);
  const electronPorts = createElectronPorts(shell.notifier, logger);
  const ports = { ...electronPorts, vault: support.guardVault(electronPorts.vault), support: support.port };
  shell.start(createBackend(ports), ports.store);
}
