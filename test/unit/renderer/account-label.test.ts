// The new-download dialog names each account once with its API version, never twice.
import { describe, expect, it } from 'vitest';
import { labelWithVersion } from '../../../renderer/src/lib/account-label.js';

describe('an account with its API version', () => {
  it('adds the version to a label that does not say it', () => {
    expect(labelWithVersion({ label: 'Sales team', version: 'v4' })).toBe('Sales team (v4)');
    expect(labelWithVersion({ label: 'Team dev4', version: 'v4' })).toBe('Team dev4 (v4)');
    expect(labelWithVersion({ label: 'Batch v44', version: 'v4' })).toBe('Batch v44 (v4)');
  });

  it('keeps a label that already ends in or names its version as it is', () => {
    expect(labelWithVersion({ label: 'Research (v4)', version: 'v4' })).toBe('Research (v4)');
    expect(labelWithVersion({ label: 'Legacy v3', version: 'v3' })).toBe('Legacy v3');
    expect(labelWithVersion({ label: 'Research (V4)', version: 'v4' })).toBe('Research (V4)');
    expect(labelWithVersion({ label: 'v4 archive', version: 'v4' })).toBe('v4 archive');
  });

  it('names the real version when the label names the other one', () => {
    expect(labelWithVersion({ label: 'Moved from v3', version: 'v4' })).toBe('Moved from v3 (v4)');
  });
});
