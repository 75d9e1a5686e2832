// Row and detail actions, shared by the table and the detail panel.
import type { Download, SaveOptions } from '../../../preload/contract/index.js';
import { canCancel, canSave } from '../../../preload/contract/download-rules.js';
import { app } from './app.svelte.js';
import { bridge, errorInfo } from './bridge.js';
import { adviceFor } from './advice.js';
import { toasts } from './toasts.svelte.js';

export { canCancel, canSave };

export async function saveDownload(d: Download, options?: SaveOptions): Promise<void> {
  try {
    const job = await bridge().files.save(d.key, options);
    const next = new Map(app.jobs);
    // An event may already have brought a newer state of the same job.
    if (next.get(d.key)?.jobId !== job.jobId) next.set(d.key, job);
    app.jobs = next;
    app.announce(`Saving download ${d.id}.`);
  } catch (err) {
    const info = errorInfo(err);
    toasts.show(`Could not save: ${info.message} ${adviceFor(info.code)}`, 'error', 10_000);
  }
}

export async function reveal(path: string): Promise<void> {
  try {
    await bridge().files.reveal(path);
  } catch (err) {
    toasts.show(`Could not show the folder: ${errorInfo(err).message}`, 'error');
  }
}

export async function copyText(text: string, what = 'Query'): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toasts.show(`${what} copied.`);
    return;
  } catch {
    // The Clipboard API needs focus and permission; fall back to a selection copy.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'sr-only';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (ok) toasts.show(`${what} copied.`);
  else
    toasts.show(
      `Could not reach the clipboard. Open the details and select the ${what.toLowerCase()} to copy it.`,
      'error',
    );
}
