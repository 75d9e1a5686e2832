import { describe, expect, it } from 'vitest';
import { isMethodName, METHOD_NAMES } from '../../../../preload/contract/index.js';
import {
  forbiddenResult,
  refusedCallLogFields,
  unknownMethodResult,
} from '../../../../main/shell/ipc/ipc-call.js';
import { createStreamLogger, formatLogLine } from '../../../../main/core/logger.js';
import { navigateToSettings } from '../../../../main/shell/ipc/navigate-event.js';

describe('isMethodName', () => {
  it('knows exactly the contract methods', () => {
    for (const m of METHOD_NAMES) expect(isMethodName(m)).toBe(true);
    for (const m of [
      'accounts',
      'accounts.',
      'constructor',
      'toString',
      'accounts.list ',
      1,
      null,
      undefined,
      {},
    ]) {
      expect(isMethodName(m)).toBe(false);
    }
  });
});

describe('refused calls', () => {
  it('answer with typed, non-retryable errors', () => {
    expect(forbiddenResult()).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/^Refused/), retryable: false },
    });
    expect(unknownMethodResult()).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', retryable: false },
    });
  });

  it('are logged by method and origin only', () => {
    const sender = { senderFrameUrl: 'https://evil.example/a?token=t', webContentsId: 4, isMainFrame: false };
    expect(refusedCallLogFields('files.open', sender)).toEqual({
      method: 'files.open',
      webContentsId: 4,
      mainFrame: false,
      origin: 'https://evil.example',
    });
    expect(refusedCallLogFields('DROP TABLE\nfake log line', sender).method).toBe('<unknown method>');
    expect(refusedCallLogFields(12, { ...sender, senderFrameUrl: null })).toMatchObject({
      method: 'number',
      origin: null,
    });
  });
});

describe('logger', () => {
  it('writes one line with fields, redacting anything that looks like a secret', () => {
    const now = new Date('2026-01-05T09:00:00Z');
    expect(
      formatLogLine('warn', 'poll failed', { account: 'a1', token: 'abc', Authorization: 'x' }, now),
    ).toBe(
      '2026-01-05T09:00:00.000Z WARN poll failed {"account":"a1","token":"[redacted]","Authorization":"[redacted]"}',
    );
    const lines: string[] = [];
    createStreamLogger(
      (l) => lines.push(l),
      () => now,
    ).error('boom');
    expect(lines).toEqual(['2026-01-05T09:00:00.000Z ERROR boom']);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatLogLine('info', 'x', { cyclic }, now)).toContain('unserialisable');
  });
});

describe('navigate payloads', () => {
  it('ask for settings with an empty key', () => {
    expect(navigateToSettings()).toEqual({ downloadKey: null, view: 'settings' });
  });
});
