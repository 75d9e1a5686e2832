// Crash dumps that Crashpad keeps in app.getPath('crashDumps') (under `completed/`, `pending/`
// or `new/` depending on the platform and whether an upload was attempted). With
// uploadToServer: false they stay there until the user sends or deletes them.
import { readdir } from 'node:fs/promises';

export interface CrashDumpSummary {
  folder: string;
  count: number;
}

export async function summarizeCrashDumps(folder: string): Promise<CrashDumpSummary> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  const count = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.dmp')).length;
  return { folder, count };
}
