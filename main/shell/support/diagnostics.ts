// "Copy diagnostics": gathers what only Electron knows and hands it to the core's builder,
// then puts the text on the clipboard and beside the logs, and shows that file.
import { arch, release, version } from 'node:os';
import { app, clipboard, shell } from 'electron';
import type { Backend } from '../../core/backend/types.js';
import {
  collectDiagnostics,
  writeDiagnosticsFile,
  type SecretRegistry,
  type UpdateState,
  type UpdateSupport,
} from '../../core/support/index.js';

export async function copyDiagnostics(options: {
  backend: Backend;
  logsFolder: string;
  crashFolder: string;
  secrets: SecretRegistry;
  support: UpdateSupport;
  update: UpdateState | null;
}): Promise<string> {
  const { backend, logsFolder } = options;
  const view = backend.view();
  const now = new Date();
  const text = await collectDiagnostics(
    {
      generatedAt: now,
      appVersion: app.getVersion(),
      versions: process.versions,
      os: { platform: process.platform, release: release(), arch: arch(), version: version() },
      installKind: options.support.kind,
      update: options.update?.message ?? options.support.reason ?? 'unknown',
      settings: view.settings,
      accounts: await backend.api.accounts.list(),
      statuses: view.status.accounts,
      online: view.status.online,
      keychain: view.status.keychain,
      logsFolder,
    },
    options.crashFolder,
    options.secrets.redact,
  );
  clipboard.writeText(text);
  const file = await writeDiagnosticsFile(logsFolder, text, now);
  shell.showItemInFolder(file);
  return file;
}
