// The whole app as a user meets it, in Chromium, against the real core (harness) and the
// simulator: add an account, watch a download finish, get notified, save it; and the ways it
// goes wrong (wrong token, rate limit, expired links, offline).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { Harness } from '../harness/start-harness.js';

test.use({ harnessOptions: { sim: { speed: 1 } } });

async function addAccount(page: Page, harness: Harness, label: string, token: string): Promise<void> {
  await page.goto(harness.url);
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('add-account').first().click();
  await page.getByTestId('account-label').fill(label);
  await page.getByTestId('account-version').selectOption('v4');
  await page.getByTestId('account-token').fill(token);
  await page.getByTestId('account-submit').click();
}

/** A v4 account on the simulator with the fast poll at its minimum, so tests wait less. */
async function simAccountWithFastPolling(harness: Harness) {
  await harness.backend.api.settings.update({ pollFastSeconds: 2 });
  return harness.sim!.addAccount({ version: 'v4' });
}

test('add an account, watch a download complete, get notified, and save it', async ({ page, harness }) => {
  const sim = harness.sim!;
  const account = await simAccountWithFastPolling(harness);
  await addAccount(page, harness, 'Research', account.token);
  await expect(page.getByTestId('account-card')).toContainText('Research');

  // A download started in the portal after the account was added.
  const d = sim.addDownload(account.token, {
    query: 'categories:bakery AND city:Portland',
    numRecords: 1200,
    queuedMs: 500,
    durationMs: 6000,
    recordsPerFile: 500,
  });
  await page.getByTestId('nav-downloads').click();
  await page.getByTestId('refresh-button').click();
  const row = page.locator(`[data-testid="download-row"][data-key$=":v4:${d.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('categories:bakery');
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });

  await expect
    .poll(() =>
      harness.recorded.notifications.filter((n) => n.kind === 'completed').map((n) => n.downloadKey),
    )
    .toEqual([expect.stringMatching(new RegExp(`:v4:${d.id}$`))]);

  await row.getByTestId('save-button').click();
  await expect(row.getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  const root = join(harness.downloadsDir, 'Datafiniti');
  const [folder] = readdirSync(root);
  const files = readdirSync(join(root, folder!)).sort();
  expect(files).toEqual([`${d.id}_1.csv`, `${d.id}_2.csv`, `${d.id}_3.csv`, 'manifest.json']);
  const manifest = JSON.parse(readFileSync(join(root, folder!, 'manifest.json'), 'utf8'));
  expect(manifest.files).toHaveLength(3);
  expect(JSON.stringify(manifest)).toMatch(/"sha256":\s*"[0-9a-f]{64}"/);

  await row.getByTestId('open-detail').click();
  await expect(page.getByTestId('manifest-result')).toHaveAttribute('data-matches', 'true');
  await expect(page.getByTestId('manifest-result')).toContainText('1,200');
});

test('a wrong token is refused with a reason and nothing is added', async ({ page, harness }) => {
  await addAccount(page, harness, 'Typo', 'not-the-right-token');
  await expect(page.getByTestId('account-error')).toContainText(/token/i);
  expect(await harness.backend.api.accounts.list()).toEqual([]);
});

test('a rate limit shows a banner with a countdown', async ({ page, harness }) => {
  const account = await simAccountWithFastPolling(harness);
  await addAccount(page, harness, 'Busy', account.token);
  await expect(page.getByTestId('account-card')).toBeVisible();
  // Longer than the client waits by itself, so the monitor reports it and waits.
  harness.sim!.inject({
    kind: 'rate-limit-seconds',
    path: /^\/v4\/downloads/,
    times: 5,
    retryAfterSeconds: 600,
  });
  await page.getByTestId('nav-downloads').click();
  await page.getByTestId('refresh-button').click();
  const banner = page.getByTestId('banner-rate-limited');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  const countdown = banner.getByTestId('rate-limit-countdown');
  await expect(countdown).toHaveText(/\d+:\d\d|\d+ ?m/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!, { timeout: 5_000 });
});

test('expired links say so plainly and save nothing', async ({ page, harness }) => {
  const sim = harness.sim!;
  const account = await simAccountWithFastPolling(harness);
  const d = sim.addDownload(account.token, { numRecords: 300, queuedMs: 0, durationMs: 1000 });
  await addAccount(page, harness, 'Old', account.token);
  await page.getByTestId('nav-downloads').click();
  const row = page.locator(`[data-testid="download-row"][data-key$=":v4:${d.id}"]`);
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  sim.expireLinks(d.id);

  await row.getByTestId('save-button').click();
  await row.getByTestId('open-detail').click();
  await expect(page.getByTestId('save-error')).toContainText(/expired/i, { timeout: 30_000 });
  const root = join(harness.downloadsDir, 'Datafiniti');
  const saved = existsSync(root)
    ? readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.csv'))
    : [];
  expect(saved).toEqual([]);
});

test('going offline shows a banner, and coming back clears it', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByTestId('nav-downloads')).toBeVisible();
  harness.backend.signals.online(false);
  await expect(page.getByTestId('banner-offline')).toBeVisible();
  harness.backend.signals.online(true);
  await expect(page.getByTestId('banner-offline')).toBeHidden();
});
