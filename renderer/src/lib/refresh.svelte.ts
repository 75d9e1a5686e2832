// "Refresh" from the toolbar button or Ctrl/Cmd+R: one call, one spinner, one error message.
import { app } from './app.svelte.js';
import { bridge, errorInfo } from './bridge.js';
import { adviceFor } from './advice.js';
import { toasts } from './toasts.svelte.js';

class Refresher {
  busy = $state(false);

  async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await bridge().downloads.refresh();
      app.announce('Downloads refreshed.');
    } catch (err) {
      const info = errorInfo(err);
      toasts.show(`Could not refresh: ${info.message} ${adviceFor(info.code)}`, 'error');
    } finally {
      this.busy = false;
    }
  }
}

export const refresher = new Refresher();
