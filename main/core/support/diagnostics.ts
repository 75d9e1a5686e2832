// "Copy diagnostics": what a supporter needs to understand a problem, as plain text, with every
// secret removed. Accounts appear only as counts per API version and state; settings hold no
// secret but still pass through the field redaction; the whole text goes through the scrubber.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountStatus } from '../../../preload/contract/index.js';
import type { Account, Settings } from '../../../preload/contract/index.js';
import { redactFields } from '../logger.js';
import { summarizeCrashDumps, type CrashDumpSummary } from './crash-dumps.js';
import { DIAGNOSTICS_LOG_LINES, readLogTail } from './log-tail.js';

export interface DiagnosticsInput {
  generatedAt: Date;
  appVersion: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>;
  os: { platform: string; release: string; arch: string; version?: string };
  installKind: string;
  update: string;
  settings: Settings;
  accounts: Pick<Account, 'version' | 'state'>[];
  statuses: Pick<AccountStatus, 'state'>[];
  online: boolean;
  keychain: { available: boolean; message: string | null };
  crashDumps: CrashDumpSummary;
  logsFolder: string;
  logLines: string[];
}

function countBy<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  if (counts.size === 0) return 'none';
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

export function buildDiagnostics(input: DiagnosticsInput, redact: (text: string) => string): string {
  const v = input.versions;
  const byVersion = (['v4', 'v3'] as const).map((version) => {
    const of = input.accounts.filter((a) => a.version === version);
    return `  ${version}: ${of.length}${of.length ? ` (${countBy(of, (a) => a.state)})` : ''}`;
  });
  const lines = [
    `Datafiniti Downloads diagnostics, ${input.generatedAt.toISOString()}`,
    '',
    '## Versions',
    `App: ${input.appVersion} (${input.installKind})`,
    `Electron: ${v.electron ?? 'not running in Electron'}`,
    `Chromium: ${v.chrome ?? 'not running in Electron'}`,
    `Node: ${v.node ?? 'unknown'}`,
    `OS: ${input.os.platform} ${input.os.release} ${input.os.arch}${input.os.version ? ` (${input.os.version})` : ''}`,
    `Updates: ${input.update}`,
    '',
    '## State',
    `Online: ${input.online ? 'yes' : 'no'}`,
    `Keychain: ${input.keychain.available ? 'available' : `not available${input.keychain.message ? ` (${input.keychain.message})` : ''}`}`,
    `Accounts: ${input.accounts.length}`,
    ...byVersion,
    `Polling states: ${countBy(input.statuses, (s) => s.state)}`,
    '',
    '## Settings',
    JSON.stringify(redactFields(input.settings as unknown as Record<string, unknown>), null, 2),
    '',
    '## Crash dumps',
    `${input.crashDumps.count} in ${input.crashDumps.folder}`,
    '',
    `## Log (last ${input.logLines.length} lines of ${input.logsFolder})`,
    ...input.logLines,
    '',
  ];
  return redact(lines.join('\n'));
}

/** Writes the text beside the logs as `diagnostics-<time>.txt`, so it can be attached to a mail. */
export async function writeDiagnosticsFile(folder: string, text: string, at: Date): Promise<string> {
  await mkdir(folder, { recursive: true });
  const stamp = at.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const path = join(folder, `diagnostics-${stamp}.txt`);
  await writeFile(path, text, { encoding: 'utf8', mode: 0o600 });
  return path;
}

/** Reads the log tail and the crash dump count, then builds the text. */
export async function collectDiagnostics(
  input: Omit<DiagnosticsInput, 'crashDumps' | 'logLines'>,
  crashFolder: string,
  redact: (text: string) => string,
): Promise<string> {
  const [crashDumps, logLines] = await Promise.all([
    summarizeCrashDumps(crashFolder),
    readLogTail(input.logsFolder, DIAGNOSTICS_LOG_LINES),
  ]);
  return buildDiagnostics({ ...input, crashDumps, logLines }, redact);
}
