// Issue 16: the window's keyboard shortcuts are listed in the app menu with the same keys.
import { describe, expect, it } from 'vitest';
import { appMenuModel, type AppMenuItem } from '../../../../main/shell/menu/app-menu-model.js';
import { SHORTCUTS } from '../../../../renderer/src/lib/shortcuts.js';

function flatten(items: AppMenuItem[]): AppMenuItem[] {
  return items.flatMap((i) => (i.kind === 'submenu' ? [i, ...flatten(i.items)] : [i]));
}

describe('the app menu lists the window shortcuts', () => {
  it.each(['linux', 'win32', 'darwin'])('on %s', (platform) => {
    const items = flatten(appMenuModel({ platform, devTools: false })).filter(
      (i): i is Extract<AppMenuItem, { kind: 'command' }> => i.kind === 'command',
    );
    const byShortcut = new Map(
      items.flatMap((i) => (i.command.type === 'window-shortcut' ? [[i.command.shortcut, i] as const] : [])),
    );
    expect(byShortcut.get('new-download')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byShortcut.get('find')?.accelerator).toBe('CmdOrCtrl+F');
    expect(byShortcut.get('shortcuts')?.label).toContain('?');
    expect(items.find((i) => i.command.type === 'refresh')?.accelerator).toBe('CmdOrCtrl+R');
    // The overlay in the window lists the same keys.
    const listed = SHORTCUTS.map((s) => s.keys.map((k) => k.join('+')).join(' '));
    expect(listed).toEqual(expect.arrayContaining(['mod+N', 'mod+F /', 'mod+R', '?']));
  });
});
