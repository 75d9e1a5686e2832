// Turns the menu models (app-menu-model.ts, tray/tray-model.ts) into Electron menus.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand, AppMenuItem } from './app-menu-model.js';
import type { TrayCommand, TrayMenuItem } from '../tray/tray-model.js';

export function toAppMenuTemplate(
  items: AppMenuItem[],
  run: (c: AppCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'role':
        return { role: item.role };
      case 'command':
        return {
          label: item.label,
          ...(item.accelerator ? { accelerator: item.accelerator } : {}),
          click: () => run(item.command),
        };
      case 'submenu':
        return {
          label: item.label,
          ...(item.role ? { role: item.role } : {}),
          submenu: toAppMenuTemplate(item.items, run),
        };
    }
  });
}

export function toTrayMenu(items: TrayMenuItem[], run: (c: TrayCommand) => void): Menu {
  return Menu.buildFromTemplate(
    items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'checkbox':
          return {
            type: 'checkbox',
            label: item.label,
            checked: item.checked,
            click: () => run(item.command),
          };
        case 'item': {
          const command = item.command;
          return {
            label: item.label,
            enabled: item.enabled,
            ...(command ? { click: () => run(command) } : {}),
          };
        }
      }
    }),
  );
}
