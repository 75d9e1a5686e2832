// The BUILT app (out/main/index.js + out/preload/index.cjs), launched in Node with the Electron
// stand-in (test/support/electron-stand-in.ts) as `electron`, against the simulator, inside the
// private keychain (npm test runs vitest under test/with-keyring.sh). Everything is done through
// the preload's `window.datafiniti`, exactly as the renderer would use it, so what the stand-ins
// copy, refuse or lack shows here as it would in the real app.
//
// `electron` is resolved to the stand-in twice over: a module resolve hook (module.register) for
// the app's ESM imports, and Module._resolveFilename for CommonJS require() in its libraries.
// The app is imported with Node's own import(), not vitest's, so nothing of vite is in between.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, DatafinitiBridge, Download, SaveJob } from '../../../preload/contract/index.js';
import { mergeSaveUpdate } from '../../../preload/contract/save-progress.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import {
  createElectronStandIn,
  electronCjsShim,
  electronEsmShim,
  repoRoot,
  STAND_IN_KEY,
  type ElectronStandIn,
} from '../../support/electron-stand-in.js';

const MAIN = join(repoRoot, 'out/main/index.js');
const PRELOAD = join(repoRoot, 'out/preload/index.cjs');
const keychain = process.env.DATAFINITI_IN_KEYRING === '1';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Fails loudly when the build this test loads is missing or older than its sources. */
function assertBuilt(): void {
  for (const file of [MAIN, PRELOAD]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npx electron-vite build\` first (npm test does).`);
    }
  }
  const built = Math.min(statSync(MAIN).mtimeMs, statSync(PRELOAD).mtimeMs);
  const sources = Math.max(...['main', 'preload'].map((d) => newestSource(join(repoRoot, d))));
  if (sources > built) {
    throw new Error(
      'out/ is older than main/ or preload/: run `npx electron-vite build` first (npm test does).',
    );
  }
}

if (!keychain) {
  console.warn(
    '\n*** SKIPPED test/integration/launch/launch-smoke.test.ts: needs the private keychain; run it under test/with-keyring.sh (npm test does) ***\n',
  );
}

/**
 * Node's own dynamic import, out of vitest's reach: a CommonJS file loaded with Node's require
 * (vitest runs test files in a vm, where `import()` has no loader behind it).
 */
function nativeImporter(dir: string): (url: string) => Promise<unknown> {
  const file = join(dir, 'native-import.cjs');
  writeFileSync(file, 'module.exports = (url) => import(url);\n');
  return createRequire(import.meta.url)(file) as (url: string) => Promise<unknown>;
}

async function until<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let sim: Simulator;
let root: string;
let electron: ElectronStandIn;
let page: { datafiniti: DatafinitiBridge };
const navigations: unknown[] = [];
const saves = new Map<string, SaveJob>();
const restore: (() => void)[] = [];

describe.skipIf(!keychain)('the built app, launched on the Electron stand-in', () => {
  beforeAll(async () => {
    assertBuilt();
    sim = await startSimulator({ seed: 14, downloadDefaults: { queuedMs: 0, durationMs: 1500 } });
    root = mkdtempSync(join(tmpdir(), 'dfd-launch-'));
    for (const dir of ['userData', 'downloads', 'home', 'temp', 'logs']) mkdirSync(join(root, dir));

    electron = createElectronStandIn({ platform: 'linux', root, appPath: repoRoot });
    (globalThis as Record<symbol, unknown>)[Symbol.for(STAND_IN_KEY)] = electron.module;

    const shims = join(root, 'shims');
    mkdirSync(shims);
    writeFileSync(join(shims, 'electron.mjs'), electronEsmShim());
    writeFileSync(join(shims, 'electron.cjs'), electronCjsShim());
    const esmUrl = pathToFileURL(join(shims, 'electron.mjs')).href;
    const hooks = `export async function resolve(specifier, context, next) {
      if (specifier === 'electron') return { url: ${JSON.stringify(esmUrl)}, shortCircuit: true };
      return next(specifier, context);
    }`;
    register(`data:text/javascript,${encodeURIComponent(hooks)}`);
    const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
    const original = mod._resolveFilename;
    mod._resolveFilename = (request, ...rest) =>
      request === 'electron' ? join(shims, 'electron.cjs') : original(request, ...rest);
    restore.push(() => (mod._resolveFilename = original));

    // What an unpackaged app started by a developer reads (main/core/shell-model/dev-overrides.ts).
    const env = { DATAFINITI_DEV_V3_URL: sim.v3, DATAFINITI_DEV_V4_URL: sim.v4 };
    Object.assign(process.env, env);
    restore.push(() => {
      for (const k of Object.keys(env)) delete process.env[k];
    });
    // process.type is 'browser' in Electron's main process (docs/api/process.md).
    Object.defineProperty(process, 'type', { value: 'browser', configurable: true });
    restore.push(() => Reflect.deleteProperty(process, 'type'));

    await nativeImporter(shims)(pathToFileURL(MAIN).href);
    electron.app.becomeReady();

    const win = await until('the main window', () => electron.BrowserWindow.windows[0]);
    page = await until('window.datafiniti', () => {
      // A preload that failed is only a console line in Electron: fail with it here.
      if (electron.log.length > 0) throw new Error(electron.log.join('\n'));
      return win.page['datafiniti'] ? (win.page as typeof page) : null;
    });
    page.datafiniti.on('navigate', (p) => navigations.push(p));
    page.datafiniti.on('saves', (update) => {
      // The window's own merge of per-file changes onto the job it holds.
      const job = mergeSaveUpdate(saves.get(update.jobId), update);
      if (job) saves.set(job.jobId, job);
    });
  });

  afterAll(async () => {
    electron?.app.quit();
    if (electron) await until('the app to quit', () => electron.app.quitted, 10_000).catch(() => undefined);
    for (const undo of restore.reverse()) undo();
    await sim?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('creates the window sandboxed, context-isolated and without Node, and shows it', async () => {
    const win = electron.BrowserWindow.windows[0]!;
    expect(win.options['webPreferences']).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    await until('the window to show', () => win.visible);
  });

  it('gives the tray its menu from the moment it exists (Linux delivers no click)', async () => {
    const tray = await until('the tray', () => electron.Tray.trays[0]);
    await until('the tray icon to appear', () => tray.menuWhenShown !== undefined);
    expect(tray.menuWhenShown, 'menu when the icon first appeared').not.toBeNull();
    const win = electron.BrowserWindow.windows[0]!;
    win.hide();
    const opened = tray.userClick();
    expect(opened, 'a click on the Linux tray opens its menu').not.toBeNull();
    opened?.pick('Open Datafiniti Downloads');
    expect(win.visible).toBe(true);
  });

  it('adds a v4 and a v3 account, starts a download on each, and refuses a bad call with its kind', async () => {
    const v4 = sim.addAccount({ version: 'v4' });
    const v3 = sim.addAccount({ version: 'v3' });
    const a4: Account = await page.datafiniti.accounts.add({ label: 'Four', version: 'v4', token: v4.token });
    const a3: Account = await page.datafiniti.accounts.add({
      label: 'Three',
      version: 'v3',
      token: v3.token,
    });
    expect([a4.state, a3.state]).toEqual(['ok', 'ok']);

    const started3: Download = await page.datafiniti.downloads.start({
      accountId: a3.id,
      dataType: 'businesses',
      query: 'city:Austin',
      format: 'csv',
      numRecords: 30,
    });
    expect(started3).toMatchObject({ query: 'city:Austin', format: 'csv' });
    expect(sim.log.filter((e) => e.path === '/v3/data/businesses')).toHaveLength(1);

    const started4: Download = await page.datafiniti.downloads.start({
      accountId: a4.id,
      dataType: 'people',
      query: 'city:Denver',
      format: 'csv',
      numRecords: 40,
    });
    expect(started4).toMatchObject({ query: 'city:Denver' });

    const refused: unknown = await page.datafiniti.accounts
      .add({ label: 'Wrong', version: 'v4', token: 'not-a-token' })
      .then(
        () => 'resolved',
        (err: unknown) => err,
      );
    expect(refused, 'a refused call rejects with plain data, as the context bridge copies it').toMatchObject({
      kind: 'auth',
      retryable: false,
    });
  });

  it('notifies a completion; a click shows the window on that download; its files save', async () => {
    const win = electron.BrowserWindow.windows[0]!;
    const started = (await page.datafiniti.downloads.snapshot()).downloads.map((d) => d.key);
    expect(started).toHaveLength(2);
    win.hide();
    let lastFocus = 0;
    const note = await until(
      'a completion notification',
      () => {
        // The window's focus handler polls now, as a person coming back to the app would.
        if (Date.now() - lastFocus > 500) {
          lastFocus = Date.now();
          void page.datafiniti.app.focused();
        }
        return electron.Notification.shown.find((n) => /completed/i.test(String(n.options['title'])));
      },
      30_000,
    );
    note.userClick();
    expect(win.visible, 'the click shows the window').toBe(true);
    const shown = await until('the navigate event', () =>
      navigations.find(
        (n): n is { view: 'download'; downloadKey: string } => (n as { view?: string }).view === 'download',
      ),
    );
    // The window shows the download the notification was about, and it is complete.
    expect(started).toContain(shown.downloadKey);
    const target = (await page.datafiniti.downloads.snapshot()).downloads.find(
      (d) => d.key === shown.downloadKey,
    );
    expect(target?.status).toBe('completed');
    expect(String(note.options['body'])).toContain(String(target?.query));

    const job = await page.datafiniti.files.save(shown.downloadKey);
    const done = await until(
      'the save to finish',
      () => {
        const j = saves.get(job.jobId);
        return j && j.state !== 'queued' && j.state !== 'running' ? j : null;
      },
      30_000,
    );
    expect(done.state).toBe('completed');
    expect(done.folder.startsWith(join(root, 'downloads'))).toBe(true);
    const names = done.files.map((f) => f.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(statSync(join(done.folder, name)).size).toBeGreaterThan(0);
  });
});
