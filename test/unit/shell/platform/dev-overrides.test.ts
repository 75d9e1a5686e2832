import { describe, expect, it } from 'vitest';
import { devBaseUrls } from '../../../../main/shell/platform/dev-overrides.js';

const env = {
  DATAFINITI_DEV_V3_URL: 'http://127.0.0.1:4000/v3',
  DATAFINITI_DEV_V4_URL: 'http://localhost:4000/v4',
};

describe('devBaseUrls', () => {
  it('points an unpackaged build at a local simulator', () => {
    expect(devBaseUrls(env, false)).toEqual({
      v3: 'http://127.0.0.1:4000/v3',
      v4: 'http://localhost:4000/v4',
    });
  });
  it('is ignored by a packaged app, for remote hosts, and when only one is set', () => {
    expect(devBaseUrls(env, true)).toBeUndefined();
    expect(
      devBaseUrls({ ...env, DATAFINITI_DEV_V4_URL: 'https://attacker.example/v4' }, false),
    ).toBeUndefined();
    expect(
      devBaseUrls({ ...env, DATAFINITI_DEV_V4_URL: 'http://127.0.0.1.evil.example/v4' }, false),
    ).toBeUndefined();
    expect(devBaseUrls({ DATAFINITI_DEV_V3_URL: env.DATAFINITI_DEV_V3_URL }, false)).toBeUndefined();
    expect(devBaseUrls({}, false)).toBeUndefined();
  });
});
