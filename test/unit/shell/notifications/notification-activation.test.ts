import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../../../../preload/contract/index.js';
import {
  actionsViaInstance,
  activationCommand,
  activationTag,
  keepAfterClose,
  notificationId,
} from '../../../../main/shell/notifications/notification-activation.js';

const n: AppNotification = {
  id: 'completed:k',
  kind: 'completed',
  title: 'Download completed',
  body: 'products',
  downloadKey: 'acc:v4:7',
  canSave: true,
};
const find = (id: string) => (id === 'dfd-3' ? n : undefined);

describe('notification activation (Windows Action Center)', () => {
  it('ids are short enough for a Windows toast tag (64 characters)', () => {
    expect(notificationId(123456789).length).toBeLessThanOrEqual(64);
    expect(notificationId(1)).not.toBe(notificationId(2));
  });

  it('reads the tag Electron writes into a button activation', () => {
    expect(activationTag({ type: 'action', arguments: 'type=action&action=0&tag=dfd-3' })).toBe('dfd-3');
    expect(activationTag({ type: 'click', arguments: '' })).toBeNull();
  });

  it('the Save button saves its download; other buttons and body clicks open', () => {
    const save = { type: 'action', actionIndex: 0, arguments: 'type=action&action=0&tag=dfd-3' };
    expect(activationCommand(save, find, 'win32')).toEqual({ type: 'save', downloadKey: 'acc:v4:7' });
    expect(activationCommand({ ...save, actionIndex: 1 }, find, 'win32')).toEqual({
      type: 'open',
      downloadKey: 'acc:v4:7',
    });
    // A body click has no tag: the window comes up, on no particular download.
    expect(activationCommand({ type: 'click', arguments: '' }, find, 'win32')).toEqual({
      type: 'open',
      downloadKey: null,
    });
    // A notification from before a restart is unknown: still only the window.
    expect(
      activationCommand({ ...save, arguments: 'type=action&action=0&tag=dfd-99' }, find, 'win32'),
    ).toEqual({
      type: 'open',
      downloadKey: null,
    });
  });

  it('buttons go through handleActivation on Windows only, so a Save is never handled twice', () => {
    expect(actionsViaInstance('win32', true)).toBe(false);
    expect(actionsViaInstance('win32', false)).toBe(true);
    expect(actionsViaInstance('darwin', true)).toBe(true);
  });

  it('keeps a timed-out Windows toast for a later click; forgets closed ones elsewhere', () => {
    expect(keepAfterClose('win32', 'timedOut')).toBe(true);
    expect(keepAfterClose('win32', 'userCanceled')).toBe(false);
    expect(keepAfterClose('darwin', 'timedOut')).toBe(false);
    expect(keepAfterClose('linux', undefined)).toBe(false);
  });
});
