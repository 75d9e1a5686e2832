import { afterEach, describe, expect, it } from 'vitest';
import { basic, bearer, getJson, startSimWorld, type SimWorld } from '../support/sim-world.js';

let world: SimWorld;
afterEach(async () => {
  await world.sim.close();
});

async function raw(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('authentication', () => {
  it('accepts v4 Bearer and v3 Basic base64("token:")', async () => {
    world = await startSimWorld();
    const { sim, v4, v3 } = world;
    expect((await raw(`${sim.v4}/downloads`, bearer(v4.token))).status).toBe(200);
    expect((await raw(`${sim.v3}/requests`, basic(v3.token))).status).toBe(200);
    const auths = sim.log.map((e) => e.auth);
    expect(auths).toEqual(['bearer', 'basic']);
    expect(sim.log[1]?.authorization).toBe(`Basic ${Buffer.from(`${v3.token}:`).toString('base64')}`);
  });

  it('rotates through the three rejection variants by default, in a fixed order', async () => {
    world = await startSimWorld();
    const url = `${world.sim.v4}/downloads`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await raw(url, bearer('wrong')));
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [401, '{"errors":["Invalid token."]}'],
      [401, 'Unauthorized'],
      [400, '{"errors":["An invalid user token was provided."]}'],
      [401, '{"errors":["Invalid token."]}'],
    ]);
    expect(answers[1]?.type).toMatch(/^text\/plain/);
  });

  it.each([
    ['invalid-token-401', 401, '{"errors":["Invalid token."]}'],
    ['unauthorized-text-401', 401, 'Unauthorized'],
    ['invalid-user-token-400', 400, '{"errors":["An invalid user token was provided."]}'],
  ] as const)('authFailure %s is used for every rejection', async (variant, status, text) => {
    world = await startSimWorld({ authFailure: variant });
    for (let i = 0; i < 2; i++) {
      const a = await raw(`${world.sim.v3}/requests`);
      expect([a.status, a.text]).toEqual([status, text]);
    }
  });

  it('setAuthFailure switches the variant at run time', async () => {
    world = await startSimWorld();
    world.sim.setAuthFailure('invalid-user-token-400');
    expect((await raw(`${world.sim.v4}/account`)).status).toBe(400);
  });

  it('an inactive account gets 400 "An inactive user token was provided."', async () => {
    world = await startSimWorld();
    const inactive = world.sim.addAccount({ inactive: true });
    expect(await getJson(`${world.sim.v4}/downloads`, bearer(inactive.token))).toEqual({
      status: 400,
      body: { errors: ['An inactive user token was provided.'] },
    });
  });

  it('never accepts the api_key query parameter', async () => {
    world = await startSimWorld({ authFailure: 'invalid-token-401' });
    const a = await raw(`${world.sim.v4}/downloads?api_key=${world.v4.token}`);
    expect(a.status).toBe(401);
    expect(world.sim.log[0]).toMatchObject({ auth: 'none', query: `api_key=${world.v4.token}` });
  });

  it('spec dialect answers JSON rejections as {error, message, code, details}', async () => {
    world = await startSimWorld({ dialect: 'spec', authFailure: 'invalid-token-401' });
    expect(await getJson(`${world.sim.v4}/downloads`, bearer('nope'))).toEqual({
      status: 401,
      body: { error: 'Unauthorized', message: 'Invalid token.', code: 401, details: [] },
    });
  });

  it('logs the raw Cookie header too', async () => {
    world = await startSimWorld();
    await raw(`${world.sim.v4}/downloads`, { ...bearer(world.v4.token), Cookie: 'session=abc' });
    expect(world.sim.log[0]).toMatchObject({ cookie: 'session=abc', status: 200, method: 'GET' });
    world.sim.clearLog();
    expect(world.sim.log).toHaveLength(0);
  });
});
