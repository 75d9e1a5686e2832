// Composition root: builds the core and the Electron shell, nothing else.
import { startShell } from './shell/app.js';

startShell();
