import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfStore, createSettingsStore, DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { recordingLogger } from '../../support/recording-logger.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conf-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('conf store', () => {
  it('persists values across instances in <cwd>/<name>.json, keys with dots included', () => {
    const store = createConfStore({ cwd: dir, name: 'state' });
    expect(store.path).toBe(path.join(dir, 'state.json'));
    store.set('a.b:v4:1', { n: 1 });
    store.set('list', [1, 2]);
    store.delete('list');
    const again = createConfStore({ cwd: dir, name: 'state' });
    expect(again.get('a.b:v4:1')).toEqual({ n: 1 });
    expect(again.get('list')).toBeUndefined();
  });

  it.each([
    ['garbage', '\u0000{not json at all'],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
  ])('moves a corrupt file (%s) aside, logs it, and starts with defaults', (_label, content) => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, content);
    const logger = recordingLogger();
    const store = createConfStore({ cwd: dir, name: 'settings', logger, now: () => Date.UTC(2026, 0, 5, 9) });

    const settings = createSettingsStore({ store, logger });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    const aside = path.join(dir, 'settings.corrupt-2026-01-05T09-00-00-000Z.json');
    expect(fs.readFileSync(aside, 'utf8')).toBe(content);
    expect(logger.lines.some((l) => l.startsWith('error:') && l.includes(aside))).toBe(true);

    settings.update({ autoSave: true });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).settings.values.autoSave).toBe(true);
  });

  it('recovers when the file is damaged while the app runs', () => {
    const logger = recordingLogger();
    const store = createConfStore({ cwd: dir, name: 'state', logger });
    store.set('x', 1);
    fs.writeFileSync(store.path!, '{"x": 1,,,');
    expect(store.get('x')).toBeUndefined();
    store.set('x', 2);
    expect(store.get('x')).toBe(2);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('state.corrupt-'))).toBe(true);
    expect(logger.lines.join('\n')).toContain('moved it to');
  });
});
