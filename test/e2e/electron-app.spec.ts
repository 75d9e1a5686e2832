/// <reference lib="dom" />
// Part of this file runs inside a browser page (page.evaluate or a served script): DOM types here only.
// The real Electron app end to end: add a simulator account in the UI, watch its downloads,
// get the completion notification from the main process, save the files to disk.
//
// Needs an Electron binary, which this project's build machines cannot download: set
// ELECTRON_OVERRIDE_DIST_PATH to a folder holding an `electron` executable (as for
// @electron/get) and build first (`npx electron-vite build`). Without it the test is skipped,
// loudly. Keychain: run under test/with-keyring.sh on Linux so keytar has a Secret Service.
//
// data-testid hooks it expects from the renderer:
//   add-account      button that opens the add-account form
//   account-label    text input, the account's label
//   account-token    text/password input, the API token
//   account-submit   submits the form
//   download-row     one per download; carries data-status="<DownloadStatus>" and data-key="<DownloadKey>"
//   save-button      inside a download-row, saves that download's files
//   save-state       inside a download-row, carries data-state="<SaveState>" once a save exists
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { Simulator } from '../sim/index.js';

const root = resolve(import.meta.dirname, '../..');
const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const SKIP_REASON =
  'Electron binary not available: set ELECTRON_OVERRIDE_DIST_PATH to an Electron build to run this test';

if (!dist) console.warn(`\n*** SKIPPED test/e2e/electron-app.spec.ts: ${SKIP_REASON} ***\n`);

interface ShownNotification {
  title: string;
  body: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test.describe('Electron app', () => {
  // Runs only with an Electron build: ELECTRON_OVERRIDE_DIST_PATH (the reason is printed above).
  test.skip(!dist, SKIP_REASON); // ELECTRON_OVERRIDE_DIST_PATH unset

  let sim: Simulator;
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  let saveDir: string;

  test.beforeAll(async () => {
    const { startSimulator } = await import('../sim/index.js');
    // 20x speed: the demo's queued v4 download (5 s queue + 60 s run) completes in a few seconds.
    sim = await startSimulator({ demo: true, speed: 20 });
    dataDir = mkdtempSync(join(tmpdir(), 'dd-e2e-data-'));
    saveDir = mkdtempSync(join(tmpdir(), 'dd-e2e-save-'));
    app = await electron.launch({
      executablePath: join(dist!, 'electron'),
      args: [join(root, 'out/main/index.js'), `--user-data-dir=${dataDir}`],
      cwd: root,
      env: {
        ...process.env,
        // Honoured only by an unpackaged build, only for loopback (see main/shell/platform/dev-overrides.ts).
        DATAFINITI_DEV_V3_URL: sim.v3,
        DATAFINITI_DEV_V4_URL: sim.v4,
      },
    });
    // Record notifications in the main process, as a user would have seen them.
    await app.evaluate(({ Notification }) => {
      const shown: { title: string; body: string }[] = [];
      (globalThis as { __shown?: typeof shown }).__shown = shown;
      const original = Notification.prototype.show;
      Notification.prototype.show = function (this: Electron.Notification) {
        shown.push({ title: this.title, body: this.body });
        return original.call(this);
      };
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    await sim?.close();
    for (const dir of [dataDir, saveDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the window is locked down', async () => {
    // No Node in the page: contextIsolation on, nodeIntegration off.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    // Navigation away from the app is refused.
    await page.evaluate(() => window.location.assign('https://example.com/'));
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^file:.*index\.html/);
    expect(await page.evaluate(() => Object.keys(window.datafiniti).sort())).toEqual([
      'accounts',
      'app',
      'downloads',
      'files',
      'on',
      'settings',
    ]);
  });

  test('add an account, see its downloads, get notified on completion, save', async () => {
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-label').fill('Demo v4');
    await page.getByTestId('account-token').fill('demo-v4-token');
    await page.getByTestId('account-submit').click();

    const rows = page.getByTestId('download-row');
    await expect(rows.first()).toBeVisible({ timeout: 20_000 });
    expect(await rows.count()).toBeGreaterThanOrEqual(3);

    const coffee = rows.filter({ hasText: 'categories:coffee' });
    await expect(coffee).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });

    await expect
      .poll(() => app.evaluate(() => (globalThis as { __shown?: ShownNotification[] }).__shown ?? []), {
        timeout: 15_000,
      })
      .toContainEqual(expect.objectContaining({ body: expect.stringContaining('coffee') }));

    // Where saves go: chosen in Settings through the system's folder dialog (the only way a save
    // folder can be set). Playwright does not answer native dialogs; its Electron docs ("Mocking
    // native dialogs") replace `dialog.showOpenDialog` in the main process from `app.evaluate`.
    await app.evaluate(({ dialog }, dir) => {
      dialog.showOpenDialog = (async () => ({
        canceled: false,
        filePaths: [dir],
      })) as typeof dialog.showOpenDialog;
    }, saveDir);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('choose-folder').click();
    await expect(page.getByTestId('save-folder-path')).toHaveText(saveDir);
    await page.getByTestId('nav-downloads').click();
    await coffee.getByTestId('save-button').click();
    await expect(coffee.getByTestId('save-state')).toHaveAttribute('data-state', 'completed', {
      timeout: 30_000,
    });

    const saved = filesUnder(saveDir);
    expect(saved.some((f) => f.endsWith('.csv') && statSync(f).size > 0)).toBe(true);
    expect(saved.some((f) => f.endsWith('.part'))).toBe(false);
  });
});
