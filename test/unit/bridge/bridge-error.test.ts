// Errors between the preload and the page: the preload's plain data survives the context bridge
// copy, and the page reads it back; anything else (an Error the bridge stripped) reads as internal.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import { errorInfoFromBridge, toBridgeError } from '../../../preload/contract/bridge-error.js';
import { copyAcrossContextBridge } from '../../support/context-bridge-copy.js';

describe('errors across the context bridge', () => {
  it('keeps kind, retryable, field and detail through the copy', () => {
    const info = new AppError('invalid-input', 'Pick a folder.', { field: 'saveFolder' }).toInfo();
    const crossed = copyAcrossContextBridge(toBridgeError(info));
    expect(crossed).toEqual({
      kind: 'invalid-input',
      message: 'Pick a folder.',
      retryable: false,
      field: 'saveFolder',
      detail: { field: 'saveFolder' },
    });
    expect(errorInfoFromBridge(crossed)).toEqual(info);
  });

  it('keeps a start that may have started recognisable', () => {
    const info = new AppError('timeout', 'No answer.', { mayHaveStarted: true }, false).toInfo();
    expect(errorInfoFromBridge(copyAcrossContextBridge(toBridgeError(info)))).toMatchObject({
      code: 'timeout',
      retryable: false,
      detail: { mayHaveStarted: true },
    });
  });

  it('an Error loses everything but its message, as Electron documents', () => {
    const err = Object.assign(new Error('Slow down'), { code: 'rate-limited', retryable: true });
    const crossed = copyAcrossContextBridge(err);
    expect(crossed).toBeInstanceOf(Error);
    expect(Object.keys(crossed as object)).toEqual([]);
    expect(errorInfoFromBridge(crossed)).toEqual({
      code: 'internal',
      message: 'Slow down',
      retryable: false,
    });
  });

  it('anything unreadable is an internal error with a message', () => {
    expect(errorInfoFromBridge(undefined)).toMatchObject({
      code: 'internal',
      message: 'Something went wrong.',
    });
    expect(errorInfoFromBridge({ kind: 'nonsense', message: 'x' })).toMatchObject({ code: 'internal' });
    expect(errorInfoFromBridge({ kind: 'auth', message: 'x', detail: { a: {} } })).toEqual({
      code: 'auth',
      message: 'x',
      retryable: false,
      detail: {},
    });
  });
});

describe('the context bridge copy itself', () => {
  it('proxies functions and promises, drops prototypes and symbols', async () => {
    class Thing {
      constructor(public n: number) {}
      twice() {
        return this.n * 2;
      }
    }
    const api = copyAcrossContextBridge({
      call: (x: unknown) => Promise.resolve({ got: x, thing: new Thing(2) }),
      sym: Symbol('s'),
    }) as { call: (x: unknown) => Promise<{ got: unknown; thing: unknown }>; sym: unknown };
    const result = await api.call({ a: 1 });
    expect(result).toEqual({ got: { a: 1 }, thing: { n: 2 } });
    expect(Object.getPrototypeOf(result.thing)).toBe(Object.prototype);
    expect(api.sym).toBeUndefined();
    await expect(
      (copyAcrossContextBridge(() => Promise.reject(new TypeError('boom'))) as () => Promise<unknown>)(),
    ).rejects.toEqual(new Error('boom'));
  });
});
