/** Small helpers for tests that talk to the simulator over real HTTP. */
import { startSimulator, type SimAccount, type SimOptions, type Simulator } from '../sim/index.js';
import type { Account } from '../../preload/contract/index.js';

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function basic(token: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` };
}

/** A clock the test moves by hand: `clock.t += 5000`. */
export interface SteppedClock {
  t: number;
  now: () => number;
}

export function steppedClock(start = Date.parse('2026-01-05T09:00:00Z')): SteppedClock {
  const clock: SteppedClock = { t: start, now: () => clock.t };
  return clock;
}

export interface SimWorld {
  sim: Simulator;
  clock: SteppedClock;
  v4: SimAccount;
  v3: SimAccount;
}

/** A simulator on a stepped clock with one v4 and one v3 account. */
export async function startSimWorld(opts: SimOptions = {}): Promise<SimWorld> {
  const clock = steppedClock();
  const sim = await startSimulator({ now: clock.now, ...opts });
  const v4 = sim.addAccount({ version: 'v4' });
  const v3 = sim.addAccount({ version: 'v3' });
  return { sim, clock, v4, v3 };
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** An account added by API token against the simulator, signed in, as the account service keeps it. */
export function simTokenAccount(
  sim: Pick<Simulator, 'v3' | 'v4'>,
  id: string,
  version: 'v3' | 'v4',
  addedAt: number,
): Account {
  return {
    id,
    label: id,
    version,
    baseUrl: version === 'v4' ? sim.v4 : sim.v3,
    authMethod: 'token',
    email: null,
    state: 'ok',
    stateReason: null,
    addedAt: new Date(addedAt).toISOString(),
  };
}
