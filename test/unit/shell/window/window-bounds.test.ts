import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  closeAction,
  restoreWindowState,
  windowStateToSave,
} from '../../../../main/shell/window/window-bounds.js';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('restoreWindowState', () => {
  it('keeps a saved place that is on screen', () => {
    expect(
      restoreWindowState({ x: 2000, y: 50, width: 1000, height: 700, maximized: true }, [primary, right]),
    ).toEqual({
      x: 2000,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('centres the default size when nothing or garbage was saved', () => {
    const expected = { ...DEFAULT_WINDOW_SIZE, maximized: false };
    for (const saved of [undefined, null, 'big', { width: 'x', height: 3 }, { width: NaN, height: 700 }]) {
      expect(restoreWindowState(saved, [primary])).toEqual(expected);
    }
  });

  it('drops the position when the display it was on is gone', () => {
    expect(restoreWindowState({ x: 2000, y: 50, width: 1000, height: 700 }, [primary])).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('treats a sliver on screen as off screen', () => {
    expect(restoreWindowState({ x: 1900, y: 10, width: 800, height: 600 }, [primary])).not.toHaveProperty(
      'x',
    );
  });

  it('pulls a window hanging off the edge fully onto its display', () => {
    expect(restoreWindowState({ x: 1500, y: -100, width: 1000, height: 700 }, [primary])).toMatchObject({
      x: 920,
      y: 0,
      width: 1000,
      height: 700,
    });
  });

  it('enforces a sane minimum and a maximum of the display', () => {
    expect(restoreWindowState({ x: 10, y: 10, width: 50, height: 20 }, [primary])).toMatchObject(
      MIN_WINDOW_SIZE,
    );
    expect(restoreWindowState({ x: 0, y: 0, width: 5000, height: 4000 }, [primary])).toMatchObject({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
    });
  });

  it('fits the default to a small screen', () => {
    expect(restoreWindowState(undefined, [{ x: 0, y: 0, width: 1024, height: 600 }])).toEqual({
      width: 1024,
      height: 600,
      maximized: false,
    });
  });
});

describe('windowStateToSave', () => {
  it('rounds the normal bounds', () => {
    expect(windowStateToSave({ x: 1.4, y: 2.6, width: 800.2, height: 600.5 }, true)).toEqual({
      x: 1,
      y: 3,
      width: 800,
      height: 601,
      maximized: true,
    });
  });
});

describe('closeAction', () => {
  it('hides to the tray only when asked, except on macOS where apps live on in the dock', () => {
    expect(closeAction({ closeToTray: true, quitting: false, platform: 'linux' })).toBe('hide');
    expect(closeAction({ closeToTray: false, quitting: false, platform: 'win32' })).toBe('quit');
    expect(closeAction({ closeToTray: false, quitting: false, platform: 'darwin' })).toBe('hide');
    expect(closeAction({ closeToTray: true, quitting: true, platform: 'darwin' })).toBe('quit');
  });
});
