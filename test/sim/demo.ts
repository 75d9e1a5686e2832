/**
 * Demo world for the demo, the preview and manual testing: one v4 and one v3 account with
 * fixed tokens and a mix of downloads in every state, two of which finish within ~1-2 minutes
 * of real time (divided by the simulator's speed).
 */
import type { AccountRecord, SimState } from './state.js';
import type { SimAccount } from './types.js';

export const DEMO_V4_TOKEN = 'demo-v4-token';
export const DEMO_V3_TOKEN = 'demo-v3-token';
/** The demo v4 account's legacy-plan allotment. */
export const DEMO_V4_CREDITS_ALLOTTED = 10_000;

export const DEMO_ACCOUNTS: readonly [SimAccount, SimAccount] = [
  { token: DEMO_V4_TOKEN, email: 'demo-v4@datafiniti.example', password: 'demo-v4-password', version: 'v4' },
  { token: DEMO_V3_TOKEN, email: 'demo-v3@datafiniti.example', password: 'demo-v3-password', version: 'v3' },
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function createDemo(state: SimState): AccountRecord[] {
  const now = state.now();
  // On a legacy plan (one pool of credits with an allotment), so the overage warning shows.
  const v4 = state.addAccount({ ...DEMO_ACCOUNTS[0], creditsAllotted: DEMO_V4_CREDITS_ALLOTTED });
  const v3 = state.addAccount({ ...DEMO_ACCOUNTS[1] });

  state.addDownload(v4, 'v4', {
    dataType: 'businesses',
    format: 'csv',
    query: 'categories:restaurant AND city:Austin',
    numRecords: 2400,
    startedAt: now - 3 * DAY,
    durationMs: 20 * 60_000,
  });
  // Finished six and a half days ago: its links expire within the next day.
  state.addDownload(v4, 'v4', {
    dataType: 'products',
    format: 'json',
    query: 'brand:Apple AND categories:laptop',
    numRecords: 850,
    startedAt: now - 6.5 * DAY - HOUR,
    durationMs: 10 * 60_000,
  });
  state.addDownload(v4, 'v4', {
    dataType: 'businesses',
    format: 'csv',
    query: 'categories:coffee AND province:TX',
    numRecords: 5000,
    queuedMs: 5000,
    durationMs: 60_000,
    startedAt: now,
  });
  state.addDownload(v4, 'v4', {
    dataType: 'properties',
    format: 'csv',
    query: 'city:Denver AND propertyType:Condo',
    numRecords: 3000,
    outcome: 'cancelled',
    partialFraction: 0.4,
    startedAt: now - 2 * HOUR,
    durationMs: 30 * 60_000,
  });

  state.addDownload(v3, 'v3', {
    dataType: 'properties',
    format: 'csv',
    query: 'country:US AND city:Boston',
    numRecords: 1500,
    startedAt: now - 2 * DAY,
    durationMs: 15 * 60_000,
  });
  state.addDownload(v3, 'v3', {
    dataType: 'businesses',
    format: 'json',
    query: 'categories:bakery',
    numRecords: 1200,
    queuedMs: 3000,
    durationMs: 90_000,
    startedAt: now,
  });
  state.addDownload(v3, 'v3', {
    dataType: 'products',
    format: 'csv',
    query: 'categories:shoes AND brand:Nike',
    numRecords: 4000,
    queuedMs: 2000,
    durationMs: 45_000,
    outcome: 'failed',
    failureMessage: 'Search cluster timed out while exporting records.',
    startedAt: now,
  });
  return [v4, v3];
}
