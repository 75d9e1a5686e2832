// Crash dumps stay on this computer: Crashpad writes them to app.getPath('crashDumps') and
// uploads nothing. Started before the app is ready so an early crash is caught too.
import { app, crashReporter } from 'electron';

export function startCrashReporter(): string {
  crashReporter.start({ uploadToServer: false });
  return app.getPath('crashDumps');
}
