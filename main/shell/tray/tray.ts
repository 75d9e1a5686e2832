// The tray icon, its tooltip and menu, all from trayModel(view).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, nativeImage, nativeTheme, Tray, type NativeImage } from 'electron';
import type { ShellView } from '../../core/backend/types.js';
import {
  trayIconFile,
  trayModel,
  type TrayCommand,
  type TrayIconState,
  type TraySupport,
} from './tray-model.js';
import { toTrayMenu } from '../menu/menu.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

function icon(state: TrayIconState): NativeImage {
  const file = join(app.getAppPath(), trayIconFile(state, nativeTheme.shouldUseDarkColors, process.platform));
  return existsSync(file) ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
}

export interface AppTray {
  update(view: ShellView): void;
  destroy(): void;
}

/**
 * The tray, with its menu from the start: on Linux (AppIndicator) the menu is all there is, as
 * no `click` is delivered there (docs/api/tray.md, Platform Considerations).
 */
export function createAppTray(
  run: (command: TrayCommand) => void,
  onClick: () => void,
  initial: ShellView,
  support: () => TraySupport | undefined = () => undefined,
): AppTray {
  const tray = new Tray(icon('idle'));
  tray.setToolTip(APP_NAME);
  tray.on('click', onClick);
  let lastIcon: TrayIconState | null = null;
  let lastView: ShellView | null = null;

  const update = (view: ShellView) => {
    lastView = view;
    const model = trayModel(view, Date.now(), support());
    if (model.icon !== lastIcon) {
      tray.setImage(icon(model.icon));
      lastIcon = model.icon;
    }
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(toTrayMenu(model.menu, run));
  };
  const onTheme = () => {
    lastIcon = null;
    if (lastView) update(lastView);
  };
  nativeTheme.on('updated', onTheme);
  update(initial);
  return {
    update,
    destroy() {
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
