// The preload (preload/index.ts, from source) in the window of the Electron stand-in: its
// contextBridge gives the page a copy of the API, its ipcRenderer.invoke reaches the handler the
// main side registered, and what the main side sends arrives on its ipcRenderer.on listeners
// (test/support/electron-stand-in.ts, context-bridge-copy.ts).
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { StandInBrowserWindow } from '../../support/electron-stand-in.js';
import { METHOD_NAMES } from '../../../preload/contract/index.js';

const electron = vi.hoisted(() => ({
  win: null as unknown as StandInBrowserWindow,
  /** What the main side's datafiniti:call handler is asked: (channel, method, args). */
  invoke: null as unknown as Mock<(...args: unknown[]) => Promise<unknown>>,
}));

vi.mock('electron', async () => {
  const { vi: v } = await import('vitest');
  const { newElectron } = await import('./support.js');
  electron.invoke = v.fn(async (...args: unknown[]) => ({ ok: true, value: `value of ${String(args[1])}` }));
  const e = newElectron();
  e.app.becomeReady();
  electron.win = new e.BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true },
  });
  e.ipcMain.handle('datafiniti:call', (_event, ...args) => electron.invoke('datafiniti:call', ...args));
  return e.preloadModule(electron.win);
});

await import('../../../preload/index.js');
/** The preload keeps this many events per name while nobody listens. */
const EVENT_BUFFER_LIMIT = 100;

type Bridge = Record<string, unknown> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};
const bridge = electron.win.page['datafiniti'] as Bridge;

function fromMain(name: string, payload: unknown) {
  electron.win.webContents.send('datafiniti:event', name, payload);
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('preload bridge', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes window.datafiniti with exactly the contract methods and `on`, no generic invoke', () => {
    expect(Object.keys(electron.win.page)).toEqual(['datafiniti']);
    const names = Object.entries(bridge).flatMap(([group, value]) =>
      typeof value === 'function' ? [group] : Object.keys(value as object).map((m) => `${group}.${m}`),
    );
    expect(names.sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    expect(bridge).not.toHaveProperty('invoke');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('each method invokes datafiniti:call with its name and arguments', async () => {
    const accounts = bridge.accounts as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(accounts.rename!('id1', 'Work')).resolves.toBe('value of accounts.rename');
    expect(electron.invoke).toHaveBeenCalledWith('datafiniti:call', 'accounts.rename', ['id1', 'Work']);
    for (const name of METHOD_NAMES) {
      const [group, method] = name.split('.') as [string, string];
      await (bridge[group] as Record<string, () => Promise<unknown>>)[method]!();
    }
    expect(electron.invoke.mock.calls.slice(1).map((c) => c[1])).toEqual([...METHOD_NAMES]);
  });

  it('rejects with plain data that keeps kind, retryable, field and detail across the context bridge', async () => {
    electron.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'rate-limited', message: 'Slow down', retryable: true, detail: { retryAt: 'soon' } },
    });
    const downloads = bridge.downloads as Record<string, () => Promise<unknown>>;
    const err = await downloads.refresh!().catch((e: unknown) => e);
    expect(err).toEqual({
      kind: 'rate-limited',
      message: 'Slow down',
      retryable: true,
      detail: { retryAt: 'soon' },
    });
    electron.invoke.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'No folder',
        retryable: false,
        detail: { field: 'saveFolder' },
      },
    });
    const settings = bridge.settings as Record<string, () => Promise<unknown>>;
    await expect(settings.update!()).rejects.toEqual({
      kind: 'invalid-input',
      message: 'No folder',
      retryable: false,
      field: 'saveFolder',
      detail: { field: 'saveFolder' },
    });
  });

  it('a failed or malformed transport answer is an internal error, not a crash', async () => {
    const app = bridge.app as Record<string, () => Promise<unknown>>;
    electron.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    await expect(app.status!()).rejects.toMatchObject({
      kind: 'internal',
      message: 'The app did not answer.',
    });
    electron.invoke.mockResolvedValueOnce('garbage');
    await expect(app.status!()).rejects.toMatchObject({ kind: 'internal' });
  });

  it('buffers events until the first subscriber, then delivers them in order', async () => {
    fromMain('saves', { jobId: 'a' });
    fromMain('saves', { jobId: 'b' });
    fromMain('not-an-event', {});
    const got: unknown[] = [];
    const off = bridge.on('saves', (p) => got.push(p));
    await tick();
    expect(got).toEqual([{ jobId: 'a' }, { jobId: 'b' }]);
    fromMain('saves', { jobId: 'c' });
    expect(got).toHaveLength(3);
    off();
    fromMain('saves', { jobId: 'd' });
    expect(got).toHaveLength(3);
  });

  it('keeps only the newest events per name while nobody listens', async () => {
    for (let i = 0; i < EVENT_BUFFER_LIMIT + 20; i++) fromMain('status', i);
    const got: unknown[] = [];
    const off = bridge.on('status', (p) => got.push(p));
    await tick();
    expect(got).toHaveLength(EVENT_BUFFER_LIMIT);
    expect(got[0]).toBe(20);
    off();
  });

  it('unsubscribing one listener leaves the others, and a throwing listener does not stop them', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const offThrow = bridge.on('accounts', () => {
      throw new Error('listener bug');
    });
    const offA = bridge.on('accounts', (p) => a.push(p));
    const offB = bridge.on('accounts', (p) => b.push(p));
    fromMain('accounts', 1);
    offA();
    fromMain('accounts', 2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    offB();
    offThrow();
    quiet.mockRestore();
  });

  it('refuses unknown event names', () => {
    expect(() => bridge.on('everything', () => {})).toThrow(/Unknown event/);
  });
});
