// The application menu as data. Standard roles keep text editing, zoom and window handling
// native; our own commands carry a `command` the shell maps onto the backend.
import { APP_NAME } from '../../../preload/contract/app-name.js';
import { DOCS_URL, PORTAL_URL } from '../../../preload/contract/external-url.js';
import type { WindowShortcut } from '../../../preload/contract/index.js';

export type AppCommand =
  | { type: 'refresh' }
  | { type: 'open-settings' }
  | { type: 'open-external'; url: string }
  | { type: 'open-logs-folder' }
  | { type: 'copy-diagnostics' }
  | { type: 'show-about' }
  | { type: 'quit' }
  /** One of the window's own shortcuts (New download, Find, the shortcuts overlay). */
  | { type: 'window-shortcut'; shortcut: WindowShortcut };

/** The subset of Electron's menu roles we use. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front';

export type AppMenuItem =
  | { kind: 'separator' }
  | { kind: 'role'; role: MenuRole }
  | { kind: 'command'; label: string; accelerator?: string; command: AppCommand }
  | { kind: 'submenu'; label: string; role?: 'appMenu' | 'windowMenu' | 'help'; items: AppMenuItem[] };

const sep: AppMenuItem = { kind: 'separator' };
const role = (r: MenuRole): AppMenuItem => ({ kind: 'role', role: r });

export function appMenuModel(options: { platform: string; devTools: boolean }): AppMenuItem[] {
  const mac = options.platform === 'darwin';
  const refresh: AppMenuItem = {
    kind: 'command',
    label: 'Refresh',
    accelerator: 'CmdOrCtrl+R',
    command: { type: 'refresh' },
  };
  const settings: AppMenuItem = {
    kind: 'command',
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    command: { type: 'open-settings' },
  };
  // The window's shortcuts, listed where people look for them (same keys as the renderer's).
  const newDownload: AppMenuItem = {
    kind: 'command',
    label: 'New Download…',
    accelerator: 'CmdOrCtrl+N',
    command: { type: 'window-shortcut', shortcut: 'new-download' },
  };
  const find: AppMenuItem = {
    kind: 'command',
    label: 'Find…',
    accelerator: 'CmdOrCtrl+F',
    command: { type: 'window-shortcut', shortcut: 'find' },
  };
  const shortcuts: AppMenuItem = {
    kind: 'command',
    label: 'Keyboard Shortcuts (?)',
    command: { type: 'window-shortcut', shortcut: 'shortcuts' },
  };
  const quit: AppMenuItem = {
    kind: 'command',
    label: mac ? `Quit ${APP_NAME}` : 'Quit',
    accelerator: mac ? 'Cmd+Q' : 'Ctrl+Q',
    command: { type: 'quit' },
  };

  const menu: AppMenuItem[] = [];
  if (mac) {
    menu.push({
      kind: 'submenu',
      label: APP_NAME,
      role: 'appMenu',
      items: [
        role('about'),
        sep,
        settings,
        sep,
        role('services'),
        sep,
        role('hide'),
        role('hideOthers'),
        role('unhide'),
        sep,
        quit,
      ],
    });
  }
  menu.push({
    kind: 'submenu',
    label: 'File',
    items: mac
      ? [newDownload, refresh, sep, role('close')]
      : [newDownload, refresh, settings, sep, role('close'), quit],
  });
  menu.push({
    kind: 'submenu',
    label: 'Edit',
    items: [
      role('undo'),
      role('redo'),
      sep,
      role('cut'),
      role('copy'),
      role('paste'),
      role('selectAll'),
      sep,
      find,
    ],
  });
  menu.push({
    kind: 'submenu',
    label: 'View',
    items: [
      shortcuts,
      sep,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      sep,
      role('togglefullscreen'),
      ...(options.devTools ? [sep, role('toggleDevTools')] : []),
    ],
  });
  menu.push({
    kind: 'submenu',
    label: 'Window',
    role: 'windowMenu',
    items: mac ? [role('minimize'), role('zoom'), sep, role('front')] : [role('minimize'), role('close')],
  });
  menu.push({
    kind: 'submenu',
    label: 'Help',
    role: 'help',
    items: [
      { kind: 'command', label: 'Datafiniti Portal', command: { type: 'open-external', url: PORTAL_URL } },
      { kind: 'command', label: 'API Documentation', command: { type: 'open-external', url: DOCS_URL } },
      sep,
      { kind: 'command', label: 'Open logs folder', command: { type: 'open-logs-folder' } },
      { kind: 'command', label: 'Copy diagnostics', command: { type: 'copy-diagnostics' } },
      sep,
      { kind: 'command', label: 'About', command: { type: 'show-about' } },
    ],
  });
  return menu;
}
