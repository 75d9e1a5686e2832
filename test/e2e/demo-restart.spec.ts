/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Issue 16: `npm run demo -- --data-dir D` twice in a row. The second run has the same accounts,
// still signed in (the private keychain and the simulator's world live under D, on the same
// port), the same downloads with no duplicates, what finished while it was stopped as a
// "While you were away" panel, and auto-save does not write a second copy. The real script,
// the real core, the simulator and a real keychain, in Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import { REPO_ROOT } from '../harness/paths.js';

interface Demo {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startDemo(dataDir: string): Promise<Demo> {
  const child = spawn('bash', ['test/harness/demo.sh', '--data-dir', dataDir, '--speed', '4', '--no-build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATAFINITI_IN_KEYRING: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 60_000);
    const look = (): void => {
      const match = /preview: (http\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
  return { child, url, output: () => out };
}

/**
 * Processes still running with this demo's private keychain: `gnome-keyring-daemon --daemonize`
 * leaves the process group (it forks and starts a session of its own), so it outlives the demo
 * by a moment, and may still write its keyring file under the data folder meanwhile.
 */
function keyringProcesses(dataDir: string): number[] {
  const marker = `XDG_RUNTIME_DIR=${join(realpathSync(dataDir), 'keyring', 'run')}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'utf8')}\0`.includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

async function stopDemo(demo: Demo, dataDir: string): Promise<void> {
  const exited = new Promise<void>((resolve) => demo.child.once('exit', () => resolve()));
  // Ctrl+C reaches the whole process group, as in a terminal.
  process.kill(-demo.child.pid!, 'SIGINT');
  await exited;
  // Stopped means its keychain daemon too: the next start (or the clean-up) must not meet it
  // still writing the keyring file.
  for (let waited = 0; keyringProcesses(dataDir).length > 0 && waited < 10_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function accountsState(page: Page): Promise<string[]> {
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('account-card')).toHaveCount(2);
  return (await page.getByTestId('account-card').allTextContents()).map((t) =>
    /needs sign-in/i.test(t) ? 'needs sign-in' : /Connected/.test(t) ? 'connected' : t,
  );
}

async function downloadKeys(page: Page): Promise<string[]> {
  await page.getByTestId('nav-downloads').click();
  await expect(page.getByTestId('download-row').first()).toBeVisible();
  return (
    await page.getByTestId('download-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')!))
  ).sort();
}

function savedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name).slice(dir.length));
    }
  };
  walk(dir);
  return out.sort();
}

test('the demo restarts with the same accounts, signed in, the same downloads, and a summary', async ({
  page,
  rendererDir,
}) => {
  test.setTimeout(180_000);
  expect(rendererDir).toBeTruthy();
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-restart-'));
  try {
    const first = await startDemo(dataDir);
    await page.goto(first.url);
    expect(await accountsState(page)).toEqual(['connected', 'connected']);
    // Auto-save on, so a restart would show a second copy if it wrote one.
    await page.getByTestId('nav-settings').click();
    await page.getByLabel('Save files automatically when a download completes').check();
    const keysBefore = await downloadKeys(page);
    // Stopped while the coffee (v4) and bakery (v3) downloads still run on the server: at
    // speed 4 they end about 16 s and 23 s after the start (demo world: test/sim/demo.ts).
    const running = page.locator('[data-testid=download-row][data-status=running]');
    const coffeeKey = await running.filter({ hasText: 'categories:coffee' }).getAttribute('data-key');
    const bakeryKey = await running.filter({ hasText: 'categories:bakery' }).getAttribute('data-key');
    await stopDemo(first, dataDir);

    await new Promise((r) => setTimeout(r, 22_000));

    const second = await startDemo(dataDir);
    await page.goto(second.url);
    expect(await accountsState(page)).toEqual(['connected', 'connected']);
    const keysAfter = await downloadKeys(page);
    expect(keysAfter).toEqual(keysBefore);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
    const away = page.getByTestId('away-panel');
    await expect(away).toBeVisible({ timeout: 30_000 });
    await expect(away.locator(`[data-testid=away-item][data-key="${coffeeKey}"]`)).toContainText('completed');
    await expect(away.locator(`[data-testid=away-item][data-key="${bakeryKey}"]`)).toContainText('completed');
    // Auto-save saves what completed meanwhile (one download after the other: they queue).
    for (const key of [coffeeKey, bakeryKey]) {
      const row = page.locator(`[data-testid=download-row][data-key="${key}"]`);
      await expect(row.getByTestId('reveal-button')).toBeVisible({ timeout: 60_000 });
    }
    const filesBefore = savedFiles(join(dataDir, 'Downloads'));
    expect(filesBefore.length).toBeGreaterThan(0);
    await stopDemo(second, dataDir);

    const third = await startDemo(dataDir);
    await page.goto(third.url);
    expect(await downloadKeys(page)).toEqual(keysBefore);
    await expect(page.getByTestId('away-panel')).toBeHidden();
    // Give auto-save its chance to run again: nothing new is written.
    await page.waitForTimeout(4000);
    expect(savedFiles(join(dataDir, 'Downloads'))).toEqual(filesBefore);
    await stopDemo(third, dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
