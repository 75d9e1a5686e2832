import { describe, expect, it } from 'vitest';
import type { AppNotification, SaveJob } from '../../../../preload/contract/index.js';
import {
  isSaveAction,
  notificationOptions,
} from '../../../../main/shell/notifications/notification-options.js';
import {
  PROGRESS_HIDDEN,
  PROGRESS_INDETERMINATE,
  saveProgressFraction,
} from '../../../../main/shell/window/save-progress.js';

function job(state: SaveJob['state'], bytesDone: number, bytesTotal: number | null): SaveJob {
  return {
    jobId: `${state}${bytesDone}`,
    downloadKey: 'k',
    folder: '/f',
    state,
    files: [],
    bytesDone,
    bytesTotal,
    speed: 0,
    etaSeconds: null,
    error: null,
    manifest: null,
  };
}

describe('saveProgressFraction', () => {
  it('hides the bar when nothing is being saved', () => {
    expect(saveProgressFraction([])).toBe(PROGRESS_HIDDEN);
    expect(saveProgressFraction([job('completed', 10, 10), job('failed', 1, 10)])).toBe(PROGRESS_HIDDEN);
  });
  it('is the byte fraction over all active saves', () => {
    expect(
      saveProgressFraction([job('running', 25, 100), job('queued', 0, 100), job('completed', 5, 5)]),
    ).toBe(0.125);
  });
  it('is indeterminate when any active save has no known size', () => {
    expect(saveProgressFraction([job('running', 25, 100), job('running', 5, null)])).toBe(
      PROGRESS_INDETERMINATE,
    );
    expect(saveProgressFraction([job('running', 0, 0)])).toBe(PROGRESS_INDETERMINATE);
  });
  it('never leaves 0..1 for a reported overshoot', () => {
    expect(saveProgressFraction([job('running', 150, 100)])).toBe(1);
  });
});

describe('notificationOptions', () => {
  const n: AppNotification = {
    id: '1',
    kind: 'completed',
    title: 'Download completed',
    body: 'products',
    downloadKey: 'k',
    canSave: true,
  };
  it('offers Save as an action on macOS and Windows (toast buttons), not on Linux', () => {
    expect(notificationOptions(n, 'darwin').actions).toEqual([{ type: 'button', text: 'Save' }]);
    expect(notificationOptions(n, 'win32').actions).toEqual([{ type: 'button', text: 'Save' }]);
    expect(notificationOptions(n, 'linux').actions).toEqual([]);
    expect(notificationOptions({ ...n, canSave: false }, 'darwin').actions).toEqual([]);
    expect(notificationOptions({ ...n, downloadKey: null }, 'darwin').actions).toEqual([]);
    expect(isSaveAction(n, 'darwin', 0)).toBe(true);
    expect(isSaveAction(n, 'darwin', 1)).toBe(false);
    expect(isSaveAction(n, 'win32', 0)).toBe(true);
    expect(isSaveAction(n, 'linux', 0)).toBe(false);
  });
  it('escapes the body on Linux, where notification servers read it as markup, and only there', () => {
    const body = 'brand:"Johnson & Johnson" AND name:<b>';
    expect(notificationOptions({ ...n, body }, 'linux').body).toBe(
      'brand:"Johnson &amp; Johnson" AND name:&lt;b&gt;',
    );
    expect(notificationOptions({ ...n, body }, 'darwin').body).toBe(body);
    expect(notificationOptions({ ...n, body }, 'win32').body).toBe(body);
    expect(notificationOptions({ ...n, title: 'A & B', body }, 'linux').title).toBe('A & B');
  });
  it('keeps failures on screen and falls back to the app name for a title', () => {
    expect(notificationOptions({ ...n, kind: 'failed' }, 'linux').timeoutType).toBe('never');
    expect(notificationOptions(n, 'linux').timeoutType).toBe('default');
    expect(notificationOptions({ ...n, title: '' }, 'linux').title).toBe('Datafiniti Downloads');
  });
});
