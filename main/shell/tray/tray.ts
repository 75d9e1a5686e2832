// The tray icon, its tooltip and menu, all from trayModel(view).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, nativeImage, nativeTheme, Tray, type NativeImage } from 'electron';
import type { ShellView } from '../../core/backend/types.js';
import { trayIconFile, trayModel, type TrayCommand, type TrayIconState } from './tray-model.js';
import { toTrayMenu } from '../menu/menu.js';
import { APP_NAME } from '../../../preload/contract/app-name.js';

function icon(state: TrayIconState): NativeImage {
  const file = join(app.getAppPath(), trayIconFile(state, nativeTheme.shouldUseDarkColors));
  return existsSync(file) ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
}

export interface AppTray {
  update(view: ShellView): void;
  destroy(): void;
}

export function createAppTray(run: (command: TrayCommand) => void, onClick: () => void): AppTray {
  const tray = new Tray(icon('idle'));
  tray.setToolTip(APP_NAME);
  tray.on('click', onClick);
  let lastIcon: TrayIconState | null = null;
  let lastView: ShellView | null = null;

  const update = (view: ShellView) => {
    lastView = view;
    const model = trayModel(view, Date.now());
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
  return {
    update,
    destroy() {
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
