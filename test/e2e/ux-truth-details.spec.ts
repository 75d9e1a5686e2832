/// <reference lib="dom" />
// More of "tell the truth at a glance" (issue 16), through the real renderer in Chromium: the
// account card's wording, a download Datafiniti no longer has is not counted as running, Help →
// About lands on the About card, the poll setting says what it does, and a save the file host
// throttles shows how long it waits (that one against the real core and the simulator).
import type { Page } from '@playwright/test';
import { isActive, type AccountStatus, type Download } from '../../preload/contract/index.js';
import { test, expect, seriousA11yViolations, type FakeHarness } from './fixtures.js';

const iso = (ms: number): string => new Date(ms).toISOString();

test.describe('account cards', () => {
  // One download in all: the first account has exactly one, the others none.
  test.use({ fakeOptions: { downloads: 1, tickMs: 0, saveMs: 800 } });

  test('count downloads in words that agree with the number', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    const card = (label: string) => page.getByTestId('account-card').filter({ hasText: label });
    await expect(card('Research (v4)')).toContainText('1 download · added');
    await expect(card('Sales team')).toContainText('0 downloads · added');
  });

  test('a failed check reads in the app’s words, with the server’s text only as a detail', async ({
    appPage: page,
    fake,
  }) => {
    const raw = 'Internal Server Error: upstream es-cluster-3 timed out (request 4f2a9c)';
    const status = await fake.backend.api.app.status();
    const accounts: AccountStatus[] = status.accounts.map((a) =>
      a.accountId === 'acc-sales'
        ? { ...a, state: 'error', lastError: { code: 'server', message: raw, retryable: true } }
        : a,
    );
    fake.backend.setStatus({ accounts });
    await page.getByTestId('nav-accounts').click();
    const card = page.getByTestId('account-card').filter({ hasText: 'Sales team' });
    const problem = card.getByTestId('account-last-error');
    await expect(problem).toContainText('The last check of this account failed.');
    await expect(problem).toContainText('Datafiniti had a problem on its side. The app retries by itself');
    // Datafiniti's own words are there for support, folded away until asked for.
    const detail = problem.getByTestId('account-last-error-detail');
    await expect(detail).toBeHidden();
    await problem.getByText('Details', { exact: true }).click();
    await expect(detail).toBeVisible();
    await expect(detail).toHaveText(raw);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

test('a download Datafiniti no longer has is not counted as running anywhere', async ({
  appPage: page,
  fake,
}) => {
  const before = (await fake.backend.api.downloads.snapshot()).downloads;
  const running = before.find((d) => d.status === 'running')!;
  const gone: Download = {
    ...running,
    numDownloaded: 10,
    progress: 0.01,
    updatedAt: iso(Date.now() - 5_000),
    goneAt: iso(Date.now() - 60_000),
  };
  fake.backend.upsertDownloads([gone]);
  const expected = before.filter((d) => d.key !== gone.key && isActive(d)).length;
  expect(expected).toBeGreaterThan(0);

  // The sidebar's badge and the "Not finished" filter both leave it out.
  await expect(page.getByTestId('nav-downloads').locator('.count')).toHaveText(`${expected} active`);
  const option = page.getByTestId('status-filter').locator('option[value=active]');
  await expect(option).toHaveText(`Not finished (${expected})`);

  // Its row and panel show what was last seen, with no estimate moving on from it.
  const row = page.locator(`[data-testid=download-row][data-key="${gone.key}"]`);
  await page.getByTestId('search-input').fill(gone.id);
  await expect(row.getByTestId('row-gone')).toBeVisible();
  await expect(row.getByTestId('live-records')).toHaveCount(0);
  await expect(row.getByTestId('row-eta')).toHaveCount(0);
  await row.getByTestId('open-detail').click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel.getByTestId('gone-note')).toBeVisible();
  await expect(panel.getByRole('progressbar')).toHaveCount(0);
  await expect(panel.getByTestId('no-files')).toHaveText('No result files were reported.');
});

test.describe('Help → About', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  async function about(page: Page, fake: FakeHarness): Promise<void> {
    fake.backend.menuNavigate({ view: 'about', downloadKey: null });
    await expect(page.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
  }

  test('shows Settings scrolled to the About card, with focus on its heading', async ({
    appPage: page,
    fake,
  }) => {
    const heading = page.getByRole('heading', { name: 'About', exact: true });
    await about(page, fake);
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    await expect(page.getByTestId('about-version')).toBeVisible();
    // Only the view's body scrolled: its title and the sidebar are where they were.
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeInViewport();
    await expect(page.getByTestId('nav-downloads')).toBeInViewport();
    expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);

    // Again from Settings itself, scrolled back to the top.
    await page.getByTestId('setting-pollFastSeconds').focus();
    await page.locator('.view-body').evaluate((el) => el.scrollTo(0, 0));
    await expect(heading).not.toBeInViewport();
    await about(page, fake);
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
  });
});

test('the fast poll setting is an upper bound and says what actually happens', async ({ appPage: page }) => {
  await page.getByTestId('nav-settings').click();
  // The fake backend's settings poll every 15 s; the idle interval is the default 5 min.
  const input = page.getByLabel('Check running downloads at most every');
  await expect(input).toHaveValue('15');
  const hint = page.getByTestId('setting-hint-pollFastSeconds');
  await expect(hint).toHaveText(
    'A running download is looked at every 15–30 s (every 15 s while this window shows it), ' +
      'and once more just after it is expected to finish; a queued one every 15 s.',
  );
  await input.fill('5');
  await input.press('Tab');
  await expect(hint).toContainText('looked at every 5–10 s (every 5 s while this window shows it)');
});

test.describe('a save the file host throttles', () => {
  test.use({ harnessOptions: { sim: { speed: 1 } } });

  test('shows until when it waits, counting down', async ({ page, harness }) => {
    const sim = harness.sim!;
    const account = sim.addAccount({ version: 'v4' });
    const d = sim.addDownload(account.token, {
      numRecords: 300,
      queuedMs: 0,
      durationMs: 1000,
      startedAt: Date.now() - 10 * 60_000,
    });
    await harness.backend.api.accounts.add({ label: 'Research', version: 'v4', token: account.token });
    await page.goto(harness.url);
    const row = page.locator(`[data-testid="download-row"][data-key$=":v4:${d.id}"]`);
    await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });

    // One "503 Service Unavailable, Retry-After: 30" from the file host.
    sim.inject({ kind: 'unavailable', path: /^\/files\//, retryAfterSeconds: 30, times: 1 });
    await row.getByTestId('open-detail').click();
    await page.getByTestId('detail-save-button').click();
    const waiting = page.getByTestId('save-waiting');
    await expect(waiting).toBeVisible({ timeout: 15_000 });
    await expect(waiting).toContainText(/Waiting for the file host until \d\d:\d\d( [AP]M)? \(\d+ s\)/);
    const countdown = waiting.getByTestId('save-waiting-countdown');
    const first = Number((await countdown.textContent())!.replace(' s', ''));
    expect(first).toBeGreaterThan(20);
    expect(first).toBeLessThanOrEqual(30);
    await expect
      .poll(async () => Number((await countdown.textContent())!.replace(' s', '')))
      .toBeLessThan(first);
  });
});
