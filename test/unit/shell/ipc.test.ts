import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../../preload/contract/index.js';
import { createSpyBackend, newElectron, recordingLogger } from './support.js';

vi.mock('electron', async () => (await import('./support.js')).electronModule);

const { registerIpc, forwardEvents } = await import('../../../main/shell/ipc/ipc.js');

const APP = 'file:///opt/app/out/renderer/index.html';
const trust = () => ({ windowWebContentsId: 7, appOrigin: 'file:///opt/app/out/renderer/index.html' });

function invokeEvent(opts: { id?: number; url?: string | null; subframe?: boolean } = {}) {
  const url = opts.url === undefined ? APP : opts.url;
  return {
    sender: { id: opts.id ?? 7 },
    senderFrame: url === null ? null : { url, parent: opts.subframe ? {} : null },
  };
}

function setup() {
  const e = newElectron();
  const { backend } = createSpyBackend();
  const { logger, lines } = recordingLogger();
  registerIpc(backend, trust, logger);
  const handler = e.handlers.get('datafiniti:call');
  if (!handler) throw new Error('no handler registered');
  return {
    backend,
    lines,
    call: (event: unknown, method: unknown, args: unknown) => handler(event, method, args),
  };
}

describe('IPC transport', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('routes every contract method from our window to backend.call with its arguments', async () => {
    for (const method of METHOD_NAMES) {
      const result = await t.call(invokeEvent(), method, ['arg', 1]);
      expect(result).toEqual({ ok: true, value: `result of ${method}` });
    }
    expect(t.backend.call.mock.calls.map((c) => c[0])).toEqual([...METHOD_NAMES]);
    expect(t.backend.call).toHaveBeenCalledWith('accounts.add', ['arg', 1]);
  });

  it.each([
    ['another window', invokeEvent({ id: 8 })],
    ['a subframe of our window', invokeEvent({ subframe: true })],
    ['another origin in our window', invokeEvent({ url: 'https://evil.example/index.html' })],
    ['another local file', invokeEvent({ url: 'file:///tmp/evil.html' })],
    ['a frame already gone', invokeEvent({ url: null })],
  ])('refuses %s without reaching the backend', async (_name, event) => {
    const result = await t.call(event, 'accounts.list', []);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/refused/i) },
    });
    expect(t.backend.call).not.toHaveBeenCalled();
  });

  it.each([[42], ['accounts.steal'], ['__proto__'], [null]])(
    'refuses the malformed method %j',
    async (method) => {
      const result = await t.call(invokeEvent(), method, []);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(t.backend.call).not.toHaveBeenCalled();
    },
  );

  it('logs refused calls without their arguments', async () => {
    await t.call(invokeEvent({ id: 99 }), 'accounts.add', [{ token: 'secret-token-123' }]);
    await t.call(invokeEvent(), 'x'.repeat(50), ['secret-token-456']);
    expect(t.lines).toHaveLength(2);
    const logged = JSON.stringify(t.lines);
    expect(logged).not.toContain('secret-token');
    expect(logged).not.toContain('xxxxx');
    expect(t.lines[0]!.fields).toMatchObject({ method: 'accounts.add', webContentsId: 99 });
  });

  it('answers with an internal error when the backend breaks its promise not to throw', async () => {
    t.backend.call.mockRejectedValueOnce(new Error('boom'));
    const result = await t.call(invokeEvent(), 'accounts.list', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('forwards backend events to the window and stops when the window is gone', () => {
    const { backend, emit } = createSpyBackend();
    const e = newElectron();
    e.app.becomeReady();
    const win = new e.BrowserWindow({ width: 800, height: 600 });
    forwardEvents(backend, () => win as never);
    emit('navigate', { view: 'download', downloadKey: 'a:v4:1' });
    expect(win.webContents.sent).toEqual([
      ['datafiniti:event', 'navigate', { view: 'download', downloadKey: 'a:v4:1' }],
    ]);
    win.destroy();
    emit('navigate', { view: 'download', downloadKey: 'a:v4:2' });
    expect(win.webContents.sent).toHaveLength(1);
  });
});
