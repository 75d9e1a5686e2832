import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  autostartDir,
  autostartEntry,
  setLinuxAutostart,
} from '../../../../main/shell/platform/linux-autostart.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Linux start at login', () => {
  it('writes an autostart entry when turned on and removes it when turned off', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'autostart-')), 'autostart');
    dirs.push(path.dirname(dir));
    const file = path.join(dir, AUTOSTART_FILE);
    await setLinuxAutostart(true, { dir, execPath: '/opt/Datafiniti Downloads/datafiniti-downloads' });
    const entry = readFileSync(file, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\n/);
    expect(entry).toContain('Exec="/opt/Datafiniti Downloads/datafiniti-downloads"\n');
    expect(entry).toContain('Type=Application\n');
    await setLinuxAutostart(false, { dir, execPath: '/unused' });
    expect(existsSync(file)).toBe(false);
    // Turning it off twice is fine.
    await setLinuxAutostart(false, { dir, execPath: '/unused' });
  });

  it('uses XDG_CONFIG_HOME when it is absolute, else ~/.config', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/conf' }, '/home/u')).toBe('/x/conf/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/autostart');
    expect(autostartDir({}, '/home/u')).toBe('/home/u/.config/autostart');
  });

  it('escapes what the desktop-entry spec reserves in Exec arguments', () => {
    expect(autostartEntry('/usr/bin/app', ['--flag'])).toContain('Exec=/usr/bin/app --flag\n');
    expect(autostartEntry('/a b/app', ['x"$y'])).toContain('Exec="/a b/app" "x\\"\\$y"\n');
  });
});
