import { describe, expect, it } from 'vitest';
import { appMenuModel, type AppMenuItem } from '../../../../main/shell/menu/app-menu-model.js';
import { isAllowedExternalUrl } from '../../../../preload/contract/external-url.js';

function flatten(items: AppMenuItem[]): AppMenuItem[] {
  return items.flatMap((i) => (i.kind === 'submenu' ? [i, ...flatten(i.items)] : [i]));
}
const commands = (items: AppMenuItem[]) =>
  flatten(items).filter((i): i is Extract<AppMenuItem, { kind: 'command' }> => i.kind === 'command');

describe('appMenuModel', () => {
  it.each(['linux', 'win32', 'darwin'])(
    'on %s has Refresh, Settings and Quit with their shortcuts',
    (platform) => {
      const byType = new Map(
        commands(appMenuModel({ platform, devTools: false })).map((c) => [c.command.type, c]),
      );
      expect(byType.get('refresh')?.accelerator).toBe('CmdOrCtrl+R');
      expect(byType.get('open-settings')?.accelerator).toBe('CmdOrCtrl+,');
      expect(byType.get('quit')?.accelerator).toBe(platform === 'darwin' ? 'Cmd+Q' : 'Ctrl+Q');
    },
  );

  it('puts the app menu first on macOS only', () => {
    expect(appMenuModel({ platform: 'darwin', devTools: false })[0]).toMatchObject({ role: 'appMenu' });
    expect(appMenuModel({ platform: 'linux', devTools: false })[0]).toMatchObject({ label: 'File' });
  });

  it('keeps native editing so text fields support copy and paste', () => {
    const roles = flatten(appMenuModel({ platform: 'darwin', devTools: false })).flatMap((i) =>
      i.kind === 'role' ? [i.role] : [],
    );
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'undo']));
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });

  it('offers developer tools only in development', () => {
    const roles = flatten(appMenuModel({ platform: 'linux', devTools: true })).flatMap((i) =>
      i.kind === 'role' ? [i.role] : [],
    );
    expect(roles).toContain('toggleDevTools');
  });

  it('links only to allow-listed pages', () => {
    const links = commands(appMenuModel({ platform: 'linux', devTools: false })).flatMap((c) =>
      c.command.type === 'open-external' ? [c.command.url] : [],
    );
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each(['linux', 'win32', 'darwin'])(
    'on %s, Help offers Open logs folder, Copy diagnostics and About',
    (platform) => {
      const help = appMenuModel({ platform, devTools: false }).find(
        (i): i is Extract<AppMenuItem, { kind: 'submenu' }> => i.kind === 'submenu' && i.label === 'Help',
      );
      const labels = commands(help?.items ?? []).map((c) => [c.label, c.command.type]);
      expect(labels).toEqual(
        expect.arrayContaining([
          ['Open logs folder', 'open-logs-folder'],
          ['Copy diagnostics', 'copy-diagnostics'],
          ['About', 'show-about'],
        ]),
      );
    },
  );
});
