/// <reference lib="dom" />
// Part of this file runs inside a browser page (page.evaluate or a served script): DOM types here only.
// Starting, re-running and cancelling downloads from the app, against the real core and the
// simulator: the count-and-cost check on request, the confirmation, the API's own refusals shown
// inside the form, and a cancelled download whose partial files can be saved. What each click
// costs is in credits.spec.ts.
import type { Page } from '@playwright/test';
import { expect, reviewScreenshot, seriousA11yViolations, test } from './fixtures.js';
import type { Harness } from '../harness/start-harness.js';
import { numFoundFor } from '../sim/index.js';

test.use({ harnessOptions: { sim: { speed: 1 } } });

const fmt = (n: number): string => n.toLocaleString('en-US');

/** A simulator account added through the backend (quicker than the form), with fast polling. */
async function account(
  harness: Harness,
  label: string,
  options: { version?: 'v3' | 'v4'; paymentProblem?: boolean } = {},
): Promise<string> {
  const version = options.version ?? 'v4';
  await harness.backend.api.settings.update({ pollFastSeconds: 2 });
  const sim = harness.sim!.addAccount({ version, paymentProblem: options.paymentProblem ?? false });
  const added = await harness.backend.api.accounts.add({ label, version, token: sim.token });
  return added.id;
}

async function openForm(page: Page, harness: Harness): Promise<void> {
  await page.goto(harness.url);
  await page.getByTestId('new-download').click();
  await expect(page.getByTestId('new-download-dialog')).toBeVisible();
}

const searches = (harness: Harness): number =>
  harness.sim!.log.filter((e) => e.method === 'POST' && /\/search$/.test(e.path)).length;

/**
 * Presses `key` in `testid` and proves no confirmation appeared: every confirm dialog that shows
 * up, even briefly, is counted, and the check waits until a call made after the key press has
 * come back through the bridge (the start path asks the core one question before confirming).
 */
async function pressStartsNothing(page: Page, testid: string, key: string): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { confirmsSeen: number };
    w.confirmsSeen = 0;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="confirm-dialog"]')) w.confirmsSeen += 1;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId(testid).press(key);
  await page.evaluate(async () => {
    await window.datafiniti.app.status();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  expect(await page.evaluate(() => (window as unknown as { confirmsSeen: number }).confirmsSeen)).toBe(0);
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
}

test('start a download: the count is checked on request, confirm, and the row appears at once', async ({
  page,
  harness,
}) => {
  await account(harness, 'Research');
  await openForm(page, harness);
  const preview = page.getByTestId('nd-preview');
  await expect(preview).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('nd-query')).toBeFocused();

  const first = 'categories:restaurant AND city:Austin';
  const before = searches(harness);
  await page.getByTestId('nd-query').pressSequentially(first, { delay: 15 });
  // Typing asks nothing: a search is billed.
  await expect(preview).toHaveAttribute('data-state', 'idle');
  expect(searches(harness) - before).toBe(0);
  await page.getByTestId('nd-check').click();
  await expect(preview).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('nd-preview-count')).toHaveText(fmt(numFoundFor(first)));
  await expect(page.getByTestId('nd-preview-cost')).toHaveText(fmt(numFoundFor(first)));
  expect(searches(harness) - before).toBe(1);

  const second = 'categories:bakery AND city:Portland';
  await page.getByTestId('nd-query').fill(second);
  await expect(preview).toHaveAttribute('data-state', 'stale');
  // The view is part of what is counted; Enter in a single-line field starts nothing.
  await page.getByTestId('nd-view').fill('business_basic');
  await pressStartsNothing(page, 'nd-view', 'Enter');
  await page.getByTestId('nd-check').click();
  await expect(page.getByTestId('nd-preview-count')).toHaveText(fmt(numFoundFor(second)));

  // A limit changes the cost, not the count.
  await page.getByTestId('nd-records-count').fill('750');
  await expect(page.getByTestId('nd-records-limit')).toBeChecked();
  await expect(page.getByTestId('nd-preview-cost')).toHaveText('750');
  await expect(page.getByTestId('nd-preview-count')).toHaveText(fmt(numFoundFor(second)));
  await pressStartsNothing(page, 'nd-records-count', 'Enter');
  await page.getByTestId('nd-format').selectOption('json');

  await page.getByTestId('nd-start').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Start a download of 750 records?');
  await expect(confirm).toContainText('This download will use about 750 business credits.');
  await page.getByTestId('confirm-button').click();

  await expect(page.getByTestId('new-download-dialog')).toBeHidden();
  const row = page.locator('[data-testid="download-row"]', { hasText: second });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'queued');
  await expect(page.getByTestId('detail-panel')).toContainText(second);
  await expect(page.getByTestId('detail-panel')).toContainText('business_basic');
  await expect(page.getByTestId('detail-panel')).toContainText('JSON');
  await expect(page.getByTestId('live-region')).toContainText('started');
  // Later the monitor sees it run.
  await expect(row).toHaveAttribute('data-status', 'running', { timeout: 20_000 });

  const started = (await harness.backend.api.downloads.snapshot()).downloads;
  expect(started).toHaveLength(1);
  expect(started[0]).toMatchObject({
    query: second,
    format: 'json',
    numRecords: 750,
    view: 'business_basic',
  });
});

test('a query the API refuses shows its own words and cannot be started', async ({ page, harness }) => {
  await account(harness, 'Research');
  await openForm(page, harness);
  await page.getByTestId('nd-query').fill('city:Austin AND INVALID');
  await page.getByTestId('nd-check').click();
  const preview = page.getByTestId('nd-preview');
  await expect(preview).toHaveAttribute('data-state', 'error');
  await expect(preview).toContainText('Invalid query: unexpected token "INVALID"');
  await expect(preview).toContainText('Check the query');
  await expect(page.getByTestId('nd-start')).toBeDisabled();

  // Fixing the query brings the count back and Start with it.
  await page.getByTestId('nd-query').fill('city:Austin');
  await expect(page.getByTestId('nd-start')).toBeEnabled();
  await page.getByTestId('nd-check').click();
  await expect(preview).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('nd-preview-count')).toHaveText(fmt(numFoundFor('city:Austin')));
  await expect(page.getByTestId('nd-start')).toBeEnabled();
});

test('a payment problem on start is said inside the form, which keeps its values', async ({
  page,
  harness,
}) => {
  await account(harness, 'Lapsed', { paymentProblem: true });
  await openForm(page, harness);
  const query = 'categories:hotel AND province:TX';
  await page.getByTestId('nd-query').fill(query);
  await page.getByTestId('nd-type').selectOption('properties');
  // The check already meets the payment problem but does not block a try.
  await page.getByTestId('nd-check').click();
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'error');
  await page.getByTestId('nd-start').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('not known until the count is checked');
  await page.getByTestId('confirm-button').click();

  const error = page.getByTestId('nd-error');
  await expect(error).toContainText("There was a problem with this customer's payment information.");
  await expect(error).toContainText('payment information of this account');
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  await expect(page.getByTestId('new-download-dialog')).toBeVisible();
  await expect(page.getByTestId('nd-query')).toHaveValue(query);
  await expect(page.getByTestId('nd-type')).toHaveValue('properties');
  expect((await harness.backend.api.downloads.snapshot()).downloads).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('new-download-dialog')).toBeHidden();
  await expect(page.getByTestId('download-row')).toHaveCount(0);
});

test('Run again pre-fills the form from a row and from the details', async ({ page, harness }) => {
  const id = await account(harness, 'Research');
  await harness.backend.api.downloads.start({
    accountId: id,
    dataType: 'products',
    query: 'brand:Acme AND prices.amountMin:>20',
    format: 'json',
    view: 'product_flat_prices',
  });
  const before = searches(harness);
  await page.goto(harness.url);
  const row = page.getByTestId('download-row').first();
  await expect(row).toBeVisible();

  await row.getByTestId('run-again').click();
  const dialog = page.getByTestId('new-download-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('nd-account')).toHaveValue(id);
  await expect(page.getByTestId('nd-type')).toHaveValue('products');
  await expect(page.getByTestId('nd-query')).toHaveValue('brand:Acme AND prices.amountMin:>20');
  await expect(page.getByTestId('nd-format')).toHaveValue('json');
  await expect(page.getByTestId('nd-view')).toHaveValue('product_flat_prices');
  await expect(page.getByTestId('nd-records-all')).toBeChecked();
  // Pre-filled is not asked: the count waits for a click.
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'idle');
  expect(searches(harness)).toBe(before);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('run-again')).toBeFocused();

  await row.getByTestId('open-detail').click();
  await page.getByTestId('detail-run-again').click();
  await expect(page.getByTestId('nd-query')).toHaveValue('brand:Acme AND prices.amountMin:>20');
  await expect(page.getByTestId('nd-type')).toHaveValue('products');
});

test('cancel a running download: the charge is explained, it shows cancelled, and its files can be saved', async ({
  page,
  harness,
}) => {
  const id = await account(harness, 'Research');
  const started = await harness.backend.api.downloads.start({
    accountId: id,
    dataType: 'businesses',
    query: 'categories:coffee AND city:Seattle',
    format: 'csv',
  });
  await page.goto(harness.url);
  const row = page.locator(`[data-testid="download-row"][data-key="${started.key}"]`);
  await expect(row).toHaveAttribute('data-status', 'running', { timeout: 20_000 });

  await row.getByTestId('cancel-button').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('gathered so far stay available');
  await expect(confirm).toContainText('charged to your account');
  await page.getByTestId('confirm-button').click();

  await expect(row).toHaveAttribute('data-status', 'cancelled');
  await expect(row.getByTestId('cancel-button')).toHaveCount(0);
  expect(
    harness.sim!.log.some((e) => e.method === 'DELETE' && e.path === `/v4/downloads/${started.id}`),
  ).toBe(true);
  await expect(row.getByTestId('save-button')).toBeVisible();
  await row.getByTestId('open-detail').click();
  await page.getByTestId('detail-save-button').click();
  await expect(page.getByTestId('detail-reveal-button')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('detail-panel')).toContainText(`${started.id}_1.csv`);
});

test('a v3 account offers no people and says a preview is not available, yet starts', async ({
  page,
  harness,
}) => {
  await account(harness, 'Legacy', { version: 'v3' });
  await openForm(page, harness);
  const types = await page
    .getByTestId('nd-type')
    .locator('option')
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(types).toEqual(['businesses', 'products', 'properties']);
  const preview = page.getByTestId('nd-preview');
  await expect(preview).toContainText('No preview for v3 accounts');
  await page.getByTestId('nd-query').fill('categories:hotel');
  await expect(preview).toContainText('No preview for v3 accounts');
  await expect(preview).not.toHaveAttribute('data-state', 'error');

  await page.getByTestId('nd-start').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Start a download of all matching records?');
  await page.getByTestId('confirm-button').click();
  const row = page.locator('[data-testid="download-row"]', { hasText: 'categories:hotel' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('v3');
  await expect(row.getByTestId('cancel-button')).toHaveCount(0);
  await expect(page.getByTestId('detail-cancel-button')).toHaveCount(0);
});

test('the account list names each version once, even when the label already says it', async ({
  page,
  fake,
}) => {
  // The fake backend's accounts are labelled as people do: "Research (v4)", "Sales team", "Legacy v3".
  await page.goto(fake.url);
  await page.getByTestId('new-download').click();
  const options = page.getByTestId('nd-account').locator('option');
  await expect(options).toHaveText(['Research (v4)', 'Sales team (v4)', 'Legacy v3']);
});

test('an account that needs sign-in cannot be chosen, and says why', async ({ page, fake }) => {
  // The fake backend, where an account's state can be set directly.
  fake.backend.setAccountState('acc-research', 'needs-sign-in', 'The API refused the token.');
  await page.goto(fake.url);
  await page.getByTestId('new-download').click();
  const option = page.getByTestId('nd-account').locator('option[value="acc-research"]');
  await expect(option).toBeDisabled();
  await expect(option).toContainText('needs sign-in');
  await expect(page.getByTestId('nd-account')).not.toHaveValue('acc-research');
  await expect(page.getByTestId('new-download-dialog')).toContainText('needs sign-in and cannot be chosen');

  // Run again on one of its downloads shows it chosen, with the reason, and Start off.
  await page.keyboard.press('Escape');
  await page
    .locator('[data-testid="download-row"][data-key^="acc-research:"]')
    .first()
    .getByTestId('run-again')
    .click();
  await expect(page.getByTestId('nd-account')).toHaveValue('acc-research');
  await expect(page.getByTestId('nd-account-problem')).toContainText(
    'needs sign-in before it can start downloads',
  );
  await expect(page.getByTestId('nd-start')).toBeDisabled();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the open form passes axe and looks right in ${scheme}`, async ({ page, harness }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await account(harness, 'Research');
    await account(harness, 'Legacy', { version: 'v3' });
    await openForm(page, harness);
    await page.getByTestId('nd-query').fill('categories:restaurant AND city:Austin');
    await page.getByTestId('nd-check').click();
    await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'ok');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await reviewScreenshot(page, `new-download-${scheme}`);

    // Keyboard only: Tab stays in the form and Escape closes it.
    const dialog = page.getByTestId('new-download-dialog');
    const reached = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''));
    }
    for (const id of [
      'nd-account',
      'nd-type',
      'nd-query',
      'nd-format',
      'nd-view',
      'nd-records-all',
      'nd-check',
      'nd-start',
    ]) {
      expect(reached, `Tab should reach ${id}`).toContain(id);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('new-download')).toBeFocused();
  });
}
