// The update decisions against a real feed: `latest.yml` served over HTTP and read by
// electron-updater's own GenericProvider (the class autoUpdater uses for a `generic` publish
// target, with js-yaml parsing as in Provider.parseUpdateInfo), over builder-util's
// NodeHttpExecutor instead of Electron's net module. Time runs on a virtual clock.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js';
import type { AppUpdater } from 'electron-updater';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/ports.js';
import { trayModel } from '../../../main/shell/tray/tray-model.js';
import {
  UPDATE_CHECK_INTERVAL_MS,
  UPDATE_CHECK_TIMEOUT_MS,
  createUpdateController,
  updateSupport,
  type FeedInfo,
  type UpdateController,
  type UpdateNotice,
  type UpdateSupport,
} from '../../../main/core/support/index.js';
import { shellView } from '../../unit/shell/support.js';
import { VirtualClock } from '../../support/virtual-clock.js';

const INSTALLER = Buffer.from('pretend installer bytes');
const SHA512 = createHash('sha512').update(INSTALLER).digest('base64');

/** latest.yml as electron-builder writes it for an NSIS build (files, path, sha512, releaseDate). */
function latestYml(version: string, sha512: string | null = SHA512): string {
  const name = `datafiniti-downloads-${version}-setup-x64.exe`;
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${name}`,
    ...(sha512 ? [`    sha512: ${sha512}`] : []),
    `    size: ${INSTALLER.length}`,
    `path: ${name}`,
    ...(sha512 ? [`sha512: ${sha512}`] : []),
    "releaseDate: '2026-01-04T12:00:00.000Z'",
    '',
  ].join('\n');
}

let server: Server;
let baseUrl: string;
/** `hang`: headers and a first line, then nothing (the connection stays open); `redirect-loop`: 302 to itself. */
let feed: { status: number; body: string; mode?: 'hang' | 'redirect-loop' };
let requests: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    // One request per connection: builder-util-runtime adds a timeout listener to the socket on
    // every request, and a reused keep-alive socket would collect them.
    res.setHeader('connection', 'close');
    if (req.url?.startsWith('/latest.yml') && feed.mode === 'hang') {
      res.writeHead(200, { 'content-type': 'text/yaml' }).write('version: 0.2.0\n');
    } else if (req.url?.startsWith('/latest.yml') && feed.mode === 'redirect-loop') {
      res.writeHead(302, { location: `/latest.yml?hop=${requests.length}` }).end();
    } else if (req.url?.startsWith('/latest.yml')) {
      res.writeHead(feed.status, { 'content-type': 'text/yaml' }).end(feed.body);
    } else if (req.url?.endsWith('.exe')) {
      res.writeHead(200, { 'content-length': INSTALLER.length }).end(INSTALLER);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
beforeEach(() => {
  requests = [];
  feed = { status: 200, body: latestYml('0.2.0') };
});

const feedChecks = () => requests.filter((r) => r.startsWith('/latest.yml')).length;

interface Running {
  clock: VirtualClock;
  controller: UpdateController;
  notices: UpdateNotice[];
  downloads: string[];
}

function run(options: { current?: string; settingOn?: boolean; support?: UpdateSupport } = {}): Running {
  const clock = new VirtualClock();
  const notices: UpdateNotice[] = [];
  const downloads: string[] = [];
  // GenericProvider reads only `channel` and `isAddNoCacheQuery` from the updater.
  const updaterFields = { channel: null, isAddNoCacheQuery: false } as unknown as AppUpdater;
  // The runtime options are typed for Electron's executor; the provider only calls `request`,
  // which both implement (builder-util-runtime's HttpExecutor).
  const executor = new NodeHttpExecutor() as unknown as ProviderRuntimeOptions['executor'];
  const provider = new GenericProvider({ provider: 'generic', url: baseUrl }, updaterFields, {
    executor,
    platform: 'win32',
    isUseMultipleRangeRequest: true,
  });
  let last: FeedInfo | null = null;
  const controller: UpdateController = createUpdateController({
    clock,
    currentVersion: options.current ?? '0.1.0',
    support: options.support ?? updateSupport('nsis'),
    settingOn: options.settingOn ?? true,
    logger: silentLogger,
    notify: (n) => notices.push(n),
    feed: {
      check: async () => (last = await provider.getLatestVersion()),
      // What autoUpdater.downloadUpdate does, reduced: fetch the file the feed names, check its
      // sha512, then report update-downloaded (which the shell forwards as `downloaded`).
      download: async () => {
        const [file] = provider.resolveFiles(last as Parameters<typeof provider.resolveFiles>[0]);
        const body = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
        downloads.push(file!.url.pathname);
        if (createHash('sha512').update(body).digest('base64') !== file!.info.sha512) {
          throw new Error('sha512 checksum mismatch');
        }
        controller.dispatch({ type: 'downloaded', version: String(last?.version) });
      },
    },
  });
  controller.start();
  return { clock, controller, notices, downloads };
}

describe('updates against a local latest.yml feed', () => {
  it('checks at start, downloads a newer version in the background and says once that it is ready', async () => {
    const { controller, notices, downloads, clock } = run();
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(feedChecks()).toBe(1);
    expect(downloads).toEqual(['/datafiniti-downloads-0.2.0-setup-x64.exe']);
    expect(controller.state().message).toBe('Version 0.2.0 is ready: restart to install it.');
    expect(notices).toEqual([
      {
        title: 'Update ready',
        body: 'Datafiniti Downloads 0.2.0 has been downloaded. Restart the app to install it.',
      },
    ]);
    const menu = trayModel(shellView(), clock.now(), { updateReady: true }).menu;
    expect(menu[0]).toEqual({
      kind: 'item',
      label: 'Update ready: restart to install',
      enabled: true,
      command: { type: 'restart-to-update' },
    });
    // Waiting for the restart: no second check, no second download, no second notification.
    await clock.advance(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(feedChecks()).toBe(1);
    expect(notices).toHaveLength(1);
    controller.stop();
  });

  it('checks again once a day, not sooner, while up to date', async () => {
    feed.body = latestYml('0.1.0');
    const { controller, clock, downloads } = run();
    await expect.poll(() => controller.state().phase).toBe('up-to-date');
    expect(controller.state().message).toBe('Up to date (version 0.1.0).');
    await clock.advance(UPDATE_CHECK_INTERVAL_MS - 60_000);
    expect(feedChecks()).toBe(1);
    await clock.advance(60_000);
    await expect.poll(feedChecks).toBe(2);
    // A release appears the next day: found by the next daily check.
    feed.body = latestYml('0.1.1');
    await clock.advance(UPDATE_CHECK_INTERVAL_MS);
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(feedChecks()).toBe(3);
    expect(downloads).toEqual(['/datafiniti-downloads-0.1.1-setup-x64.exe']);
    controller.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('never downgrades', async () => {
    feed.body = latestYml('0.0.9');
    const { controller, downloads } = run();
    await expect.poll(() => controller.state().phase).toBe('up-to-date');
    expect(downloads).toEqual([]);
    controller.stop();
  });

  it('with the setting off, never contacts the feed until it is turned on again', async () => {
    const { controller, clock } = run({ settingOn: false });
    await clock.advance(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(requests).toEqual([]);
    expect(controller.state().message).toBe('Update checks are off (Settings → App).');
    expect(controller.installOnQuit()).toBe(false);
    controller.settingChanged(true);
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(feedChecks()).toBe(1);
    expect(controller.installOnQuit()).toBe(true);
    controller.stop();
  });

  it('turning the setting off stops the daily checks', async () => {
    feed.body = latestYml('0.1.0');
    const { controller, clock } = run();
    await expect.poll(() => controller.state().phase).toBe('up-to-date');
    controller.settingChanged(false);
    await clock.advance(5 * UPDATE_CHECK_INTERVAL_MS);
    expect(feedChecks()).toBe(1);
    expect(clock.pendingTimers).toBe(0);
    controller.stop();
  });

  it('turned off and on again after the clock was set back, checks once a day still', async () => {
    feed.body = latestYml('0.1.0');
    const { controller, clock } = run();
    await expect.poll(() => controller.state().phase).toBe('up-to-date');
    controller.settingChanged(false);
    clock.setWallClock(clock.now() - 10 * UPDATE_CHECK_INTERVAL_MS);
    // How long ago the last check was cannot be told: it checks now, then daily.
    controller.settingChanged(true);
    await expect.poll(feedChecks).toBe(2);
    await clock.advance(UPDATE_CHECK_INTERVAL_MS);
    await expect.poll(feedChecks).toBe(3);
    controller.stop();
  });

  it('a deb install never checks and says the package manager updates it', async () => {
    const { controller, clock } = run({ support: updateSupport('deb') });
    await clock.advance(2 * UPDATE_CHECK_INTERVAL_MS);
    expect(requests).toEqual([]);
    expect(controller.state().phase).toBe('unsupported');
    expect(controller.state().message).toMatch(/package manager/);
    expect(controller.installOnQuit()).toBe(false);
    controller.stop();
  });

  it('a missing feed is an error the user can read, and the next day brings another try', async () => {
    feed = { status: 404, body: 'not found' };
    const { controller, clock } = run();
    await expect.poll(() => controller.state().phase).toBe('error');
    expect(controller.state().message).toMatch(
      /^Could not update: Cannot find channel "latest.yml" update info/,
    );
    expect(controller.state().message).toMatch(/The app tries again in a day\.$/);
    expect(controller.state().message).not.toContain('\n');
    feed = { status: 200, body: latestYml('0.2.0') };
    await clock.advance(UPDATE_CHECK_INTERVAL_MS);
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(feedChecks()).toBe(2);
    controller.stop();
  });

  it('refuses a feed whose files carry no checksum, and downloads nothing', async () => {
    feed.body = latestYml('0.2.0', null);
    const { controller, downloads } = run();
    await expect.poll(() => controller.state().phase).toBe('error');
    expect(controller.state().message).toContain('The update feed lists no checksummed file.');
    expect(downloads).toEqual([]);
    controller.stop();
  });

  it('a feed that never finishes answering is an error after 2 minutes, and the next day brings another try', async () => {
    feed = { status: 200, body: '', mode: 'hang' };
    const { controller, clock } = run();
    await expect.poll(feedChecks).toBe(1);
    expect(controller.state().message).toBe('Checking for updates…');
    await clock.advance(UPDATE_CHECK_TIMEOUT_MS);
    await expect.poll(() => controller.state().phase).toBe('error');
    expect(controller.state().message).toBe(
      'Could not update: The update server did not answer within 2 minutes. The app tries again in a day.',
    );
    feed = { status: 200, body: latestYml('0.2.0') };
    await clock.advance(UPDATE_CHECK_INTERVAL_MS);
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(feedChecks()).toBe(2);
    server.closeAllConnections();
    controller.stop();
  });

  it('a feed that redirects for ever is an error after 2 minutes too', async () => {
    // builder-util-runtime 9.7.0 never counts the hops (HttpExecutor.handleResponse passes
    // redirectCount on unchanged), so its maxRedirects of 10 never stops the loop: only the
    // controller's time-out ends what the user is told.
    feed = { status: 200, body: '', mode: 'redirect-loop' };
    const { controller, clock, downloads } = run();
    await expect.poll(feedChecks).toBeGreaterThan(20);
    expect(controller.state().phase).toBe('checking');
    await clock.advance(UPDATE_CHECK_TIMEOUT_MS);
    await expect.poll(() => controller.state().phase).toBe('error');
    expect(controller.state().message).toBe(
      'Could not update: The update server did not answer within 2 minutes. The app tries again in a day.',
    );
    expect(downloads).toEqual([]);
    // The next hop gets an answer, which ends the library's loop.
    feed = { status: 200, body: latestYml('0.1.0') };
    controller.stop();
  });

  it('a malformed latest.yml is one readable line, and nothing is downloaded', async () => {
    for (const body of ['version: [0.2.0\nfiles: {', 'version: 0.2\nfiles: []\n', 'just some text\n']) {
      feed = { status: 200, body };
      const { controller, downloads } = run();
      await expect.poll(() => controller.state().phase).toBe('error');
      expect(controller.state().message, body).toMatch(
        /^Could not update: [^\n]+ The app tries again in a day\.$/,
      );
      expect(downloads).toEqual([]);
      controller.stop();
    }
  });

  it('a release install is not moved to a pre-release; a pre-release install is', async () => {
    feed.body = latestYml('0.2.0-beta.1');
    const stable = run({ current: '0.1.0' });
    await expect.poll(() => stable.controller.state().phase).toBe('up-to-date');
    expect(stable.controller.state().message).toBe('Up to date (version 0.1.0).');
    expect(stable.downloads).toEqual([]);
    stable.controller.stop();
    const beta = run({ current: '0.2.0-alpha.3' });
    await expect.poll(() => beta.controller.state().phase).toBe('ready');
    expect(beta.controller.state().message).toBe('Version 0.2.0-beta.1 is ready: restart to install it.');
    beta.controller.stop();
  });

  it('a download that fails its checksum is not offered for install, and is tried again the next day', async () => {
    feed.body = latestYml('0.2.0', createHash('sha512').update('other bytes').digest('base64'));
    const { controller, clock, notices, downloads } = run();
    await expect.poll(() => controller.state().phase).toBe('error');
    expect(controller.state().message).toBe(
      'Could not update: sha512 checksum mismatch. The app tries again in a day.',
    );
    expect(controller.installOnQuit()).toBe(true);
    expect(notices).toEqual([]);
    expect(downloads).toHaveLength(1);
    feed.body = latestYml('0.2.0');
    await clock.advance(UPDATE_CHECK_INTERVAL_MS);
    await expect.poll(() => controller.state().phase).toBe('ready');
    expect(notices).toHaveLength(1);
    controller.stop();
  });
});
