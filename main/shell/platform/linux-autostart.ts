// "Start at login" on Linux desktops: Electron's login-item API covers only macOS and Windows,
// so we follow the freedesktop autostart spec and write (or remove) a .desktop entry in
// $XDG_CONFIG_HOME/autostart (default ~/.config/autostart).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_NAME } from '../../../preload/contract/app-name.js';

export const AUTOSTART_FILE = 'datafiniti-downloads.desktop';

export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(config, 'autostart');
}

/** Quotes an Exec argument as the desktop-entry spec asks (reserved characters escaped). */
function quoteExecArg(arg: string): string {
  if (!/[\s"'\\$`]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(execPath: string, args: readonly string[] = []): string {
  const exec = [execPath, ...args].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${APP_NAME}`,
    'Comment=Watch Datafiniti downloads from the tray',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function setLinuxAutostart(
  enabled: boolean,
  options: { dir: string; execPath: string; args?: readonly string[] },
): Promise<void> {
  const file = path.join(options.dir, AUTOSTART_FILE);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(options.dir, { recursive: true });
  await writeFile(file, autostartEntry(options.execPath, options.args), { mode: 0o644 });
}
