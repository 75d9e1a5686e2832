// Where the window opens: where the user left it, unless that place is no longer on any screen
// (a monitor was unplugged, the resolution dropped) or the saved value is garbage.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 720 } as const;
/** How much of the window must lie on a display for it to be grabbable there. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

export const WINDOW_STATE_KEY = 'shell.windowState';

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * The bounds to open with, from whatever was persisted (untrusted) and the current displays'
 * work areas (the first is the primary display).
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.round(clamp(size.width, MIN_WINDOW_SIZE.width, area?.width ?? size.width)),
    height: Math.round(clamp(size.height, MIN_WINDOW_SIZE.height, area?.height ?? size.height)),
  });
  const fallback: WindowState = { ...fit(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as Record<string, unknown>;
  if (!finite(s.width) || !finite(s.height)) return fallback;
  const maximized = s.maximized === true;
  if (!finite(s.x) || !finite(s.y))
    return { ...fit({ width: s.width, height: s.height }, primary), maximized };

  const wanted: Rect = { x: s.x, y: s.y, width: s.width, height: s.height };
  const home = workAreas.find((area) => {
    const o = overlap(wanted, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (!home) return { ...fit(wanted, primary), maximized };
  const size = fit(wanted, home);
  return {
    x: Math.round(clamp(wanted.x, home.x, home.x + home.width - size.width)),
    y: Math.round(clamp(wanted.y, home.y, home.y + home.height - size.height)),
    ...size,
    maximized,
  };
}

/** What to persist: the normal (unmaximized) bounds, so un-maximizing restores them. */
export function windowStateToSave(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized,
  };
}

export type CloseAction = 'hide' | 'quit';

/**
 * What closing the window does. On macOS an app lives on in the dock, so the window hides;
 * elsewhere it hides to the tray only when the user asked for that.
 */
export function closeAction(options: {
  closeToTray: boolean;
  quitting: boolean;
  platform: string;
}): CloseAction {
  if (options.quitting) return 'quit';
  if (options.platform === 'darwin' || options.closeToTray) return 'hide';
  return 'quit';
}
