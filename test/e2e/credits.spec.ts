// Never spend a user's credits by surprise (issue 15), in Chromium against the real core and the
// simulator, which bills like Datafiniti: what each click costs is read from the simulator's own
// bill (`sim.charges()`, also served at GET /_sim/charges), not from what the app claims.
import type { Page } from '@playwright/test';
import { expect, reviewScreenshot, test } from './fixtures.js';
import type { Harness } from '../harness/start-harness.js';
import { numFoundFor, type AccountCharges } from '../sim/index.js';
import { isolate } from '../../renderer/src/lib/bidi.js';

test.use({ harnessOptions: { sim: { speed: 1 } } });

const fmt = (n: number): string => n.toLocaleString('en-US');

async function account(
  harness: Harness,
  label: string,
  options: { creditsAllotted?: number } = {},
): Promise<{ id: string; token: string }> {
  await harness.backend.api.settings.update({ pollFastSeconds: 2 });
  const sim = harness.sim!.addAccount({ version: 'v4', ...options });
  const added = await harness.backend.api.accounts.add({ label, version: 'v4', token: sim.token });
  return { id: added.id, token: sim.token };
}

function bill(harness: Harness, token: string): AccountCharges {
  const found = harness.sim!.charges().accounts.find((a) => a.token === token);
  if (!found) throw new Error('no such simulator account');
  return found;
}

/** Search requests sent to the simulator (previews and starts alike). */
const searches = (harness: Harness): number =>
  harness.sim!.log.filter((e) => e.method === 'POST' && /\/search$/.test(e.path)).length;

async function openForm(page: Page, harness: Harness): Promise<void> {
  await page.goto(harness.url);
  await page.getByTestId('new-download').click();
  await expect(page.getByTestId('new-download-dialog')).toBeVisible();
}

test('opening the form and typing a query for 10 seconds costs nothing', async ({ page, harness }) => {
  const { token } = await account(harness, 'Research');
  await openForm(page, harness);
  const before = searches(harness);
  // About 10 s of typing with pauses, as a person writes a query.
  const query = 'categories:restaurant AND city:Austin AND province:TX';
  await page.getByTestId('nd-query').pressSequentially(query, { delay: 190 });
  await page.getByTestId('nd-type').selectOption('products');
  await page.getByTestId('nd-records-count').fill('25');
  await page.getByTestId('nd-view').fill('product_basic');
  // Long enough for any debounced preview of the old design to have gone out.
  await page.waitForTimeout(1500);

  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('nd-check-price')).toHaveText('Uses 1 credit if anything matches.');
  expect(searches(harness) - before).toBe(0);
  expect(bill(harness, token).total).toBe(0);
});

test('one check costs at most 1 credit; asking again, editing back and starting right after cost no more', async ({
  page,
  harness,
}) => {
  const { token } = await account(harness, 'Research');
  await openForm(page, harness);
  const query = 'categories:bakery AND city:Portland';
  await page.getByTestId('nd-query').fill(query);
  await page.getByTestId('nd-check').click();
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('nd-preview-count')).toHaveText(fmt(numFoundFor(query)));
  await expect(page.getByTestId('nd-estimate')).toHaveText(
    `This download will use about ${fmt(numFoundFor(query))} business credits.`,
  );
  expect(bill(harness, token).total).toBeLessThanOrEqual(1);
  expect(bill(harness, token).searches).toHaveLength(1);

  // Asking again is answered from what was paid for.
  await expect(page.getByTestId('nd-check-price')).toHaveText('Checked: asking again costs nothing.');
  await page.getByTestId('nd-check').click();
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'ok');

  // Editing the query marks the count out of date; it does not count again.
  await page.getByTestId('nd-query').fill(`${query} AND name:Voodoo`);
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'stale');
  await expect(page.getByTestId('nd-preview-note')).toContainText('Out of date');
  await page.waitForTimeout(800);
  // Back to the query already counted: its count shows again, for free.
  await page.getByTestId('nd-query').fill(query);
  await expect(page.getByTestId('nd-preview')).toHaveAttribute('data-state', 'ok');
  // A limit changes the cost, not the count, and needs no new check.
  await page.getByTestId('nd-records-count').fill('300');
  await expect(page.getByTestId('nd-preview-cost')).toHaveText('300');
  await expect(page.getByTestId('nd-estimate')).toHaveText(
    'This download will use about 300 business credits.',
  );
  expect(bill(harness, token).searches).toHaveLength(1);

  await page.getByTestId('nd-start').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Start a download of 300 records?');
  await expect(confirm).toContainText('This download will use about 300 business credits.');
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('new-download-dialog')).toBeHidden();
  await expect(page.locator('[data-testid="download-row"]', { hasText: query })).toHaveCount(1);

  // One search paid for the count, one started the download: the preview was not paid again.
  const after = bill(harness, token);
  expect(after.searches).toHaveLength(1);
  expect(after.downloads).toHaveLength(1);
  expect(searches(harness)).toBe(2);
});

test('a double click on Start creates one download', async ({ page, harness }) => {
  const { token } = await account(harness, 'Research');
  // A slow answer keeps the start in flight while the second click lands.
  harness.sim!.inject({ kind: 'slow', path: '/v4/businesses/search', method: 'POST', delayMs: 1500 });
  await openForm(page, harness);
  await page.getByTestId('nd-query').fill('categories:florist AND city:Denver');
  await page.getByTestId('nd-start').dblclick();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(1);
  await page.getByTestId('confirm-button').dblclick();
  await expect(page.getByTestId('new-download-dialog')).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('download-row')).toHaveCount(1);
  // Give a second start every chance to arrive before counting.
  await page.waitForTimeout(2500);
  await page.getByTestId('refresh-button').click();
  await expect(page.getByTestId('download-row')).toHaveCount(1);
  expect(bill(harness, token).downloads).toHaveLength(1);
  expect(searches(harness)).toBe(1);
});

test('a lost start answer is not retried: the user is told it may have started and to look at the list', async ({
  page,
  harness,
}) => {
  const { token } = await account(harness, 'Research');
  // The download is created, then the connection drops before the answer arrives.
  harness.sim!.inject({ kind: 'reset', path: '/v4/businesses/search', method: 'POST', resetAfterBytes: 0 });
  await openForm(page, harness);
  const query = 'categories:hardware AND city:Boise';
  await page.getByTestId('nd-query').fill(query);
  await page.getByTestId('nd-start').click();
  await page.getByTestId('confirm-button').click();

  const error = page.getByTestId('nd-error');
  await expect(error).toHaveAttribute('data-may-have-started', 'true');
  await expect(error).toContainText('may have started');
  await expect(error).toContainText('Look at the downloads list');
  await page.waitForTimeout(3000);
  expect(searches(harness)).toBe(1);
  expect(bill(harness, token).downloads).toHaveLength(1);

  // The list finds the download that did start; nothing was sent twice.
  await page.getByTestId('nd-show-list').click();
  await expect(page.getByTestId('new-download-dialog')).toBeHidden();
  await expect(page.locator('[data-testid="download-row"]', { hasText: query })).toHaveCount(1, {
    timeout: 15_000,
  });
  expect(searches(harness)).toBe(1);
});

test('the Accounts page shows credits as read (free), and a start past the allotment warns of overage', async ({
  page,
  harness,
}) => {
  const { id, token } = await account(harness, 'Legacy plan', { creditsAllotted: 1500 });
  await harness.backend.api.downloads.start({
    accountId: id,
    dataType: 'products',
    query: 'brand:Acme',
    format: 'csv',
    numRecords: 200,
  });
  harness.sim!.addDownload(token, {
    dataType: 'products',
    numRecords: 400,
    startedAt: Date.now() - 3_600_000,
    durationMs: 60_000,
  });
  await page.goto(harness.url);
  await page.getByTestId('nav-accounts').click();
  const card = page.getByTestId('account-card').filter({ hasText: 'Legacy plan' });
  // Verify reads the figures again. The started download keeps gathering (and being billed)
  // meanwhile, so the figure shown is the bill at some moment between the click and now.
  const billedBefore = bill(harness, token).used.products;
  expect(billedBefore).toBeGreaterThanOrEqual(400);
  await card.getByTestId('verify-account').click();
  await expect(card.getByTestId('credits-allotted')).toContainText('1,500');
  await expect
    .poll(async () => {
      const shown = Number((await card.getByTestId('credits-products').textContent())?.replace(/\D/g, ''));
      const billedNow = bill(harness, token).used.products;
      return shown >= billedBefore && shown <= billedNow
        ? 'as billed'
        : `${shown} shown, ${billedBefore}–${billedNow} billed`;
    })
    .toBe('as billed');
  await expect(card.getByTestId('credits-overage')).toContainText('allowed');
  await reviewScreenshot(page, 'accounts-credits');
  expect(bill(harness, token).searches).toHaveLength(0);

  // 1,100 left; a download of every match (more than 1,000) goes past them.
  await page.getByTestId('nav-downloads').click();
  await page.getByTestId('new-download').click();
  const query = 'categories:museum';
  expect(numFoundFor(query), 'the query must match more than the 1,100 credits left').toBeGreaterThan(1100);
  await page.getByTestId('nd-query').fill(query);
  await page.getByTestId('nd-check').click();
  const overage = page.getByTestId('nd-overage');
  await expect(overage).toContainText('charged as overage');
  await expect(overage).toContainText('the files cannot be downloaded until the overage is paid');
  await reviewScreenshot(page, 'new-download-overage');
  await page.getByTestId('nd-start').click();
  await expect(page.getByTestId('nd-confirm-overage')).toContainText('overage');
  await page.getByRole('button', { name: 'Go back' }).click();
  // A small download within the allotment warns of nothing.
  await page.getByTestId('nd-records-count').fill('50');
  await expect(page.getByTestId('nd-estimate')).toHaveText(
    'This download will use about 50 business credits.',
  );
  await expect(overage).toHaveCount(0);
});

test('the same Datafiniti account cannot be added twice, by token or by email and password', async ({
  page,
  harness,
}) => {
  const sim = harness.sim!.addAccount({ version: 'v4' });
  await page.goto(harness.url);
  await page.getByTestId('nav-accounts').click();
  const add = async (label: string, how: { token: string } | { email: string; password: string }) => {
    await page.getByTestId('add-account').first().click();
    await page.getByTestId('account-label').fill(label);
    await page.getByTestId('account-version').selectOption('v4');
    if ('token' in how) {
      await page.getByTestId('account-token').fill(how.token);
    } else {
      await page.getByTestId('account-method-password').check();
      await page.getByTestId('account-email').fill(how.email);
      await page.getByTestId('account-password').fill(how.password);
    }
    await page.getByTestId('account-submit').click();
  };
  await add('Research', { token: sim.token });
  await expect(page.getByTestId('account-card')).toHaveCount(1);

  await add('Research again', { email: sim.email, password: sim.password });
  const error = page.getByTestId('account-error');
  await expect(error).toContainText(`This Datafiniti account (${sim.email}) is already added as "Research".`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('account-card')).toHaveCount(1);

  // Another account under a name already taken is refused too, and says so.
  const other = harness.sim!.addAccount({ version: 'v4' });
  await add('research', { token: other.token });
  await expect(page.getByTestId('account-error')).toContainText('An account is already named "Research".');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('account-card')).toHaveCount(1);
});

test('Verify tells the truth: an account whose token is gone does not "work"', async ({ page, harness }) => {
  const { id } = await account(harness, 'Research');
  await page.goto(harness.url);
  await page.getByTestId('nav-accounts').click();
  // The keychain entry disappeared (a keychain reset, another app): the token is no more.
  await harness.nodePorts.ports.vault.delete(id);
  await page.getByTestId('verify-account').click();
  await expect(page.getByText(`“${isolate('Research')}” does not work`)).toBeVisible();
  await expect(page.getByText(`“${isolate('Research')}” works`)).toHaveCount(0);
  await expect(page.getByTestId('account-state')).toHaveText('Needs sign-in');
});
