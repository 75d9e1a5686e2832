/// <reference lib="dom" />
// Part of this file runs inside a browser page (page.evaluate or a served script): DOM types here only.
// The renderer's views in Debian's Chromium, against the fake backend through the harness:
// what a user sees and can do with mouse and keyboard, accessibility in light and dark, and
// the harness refusing anyone but its own page.
import { WebSocket } from 'ws';
import type { Page } from '@playwright/test';
import { test, expect, seriousA11yViolations, reviewScreenshot } from './fixtures.js';
import { SETTINGS_LIMITS } from '../../preload/contract/index.js';

// Wide enough for every column of the table (below about 1,540 px the window drops the columns
// the detail panel also shows): these tests sort and tab through all of them.
test.use({ viewport: { width: 1600, height: 900 } });

const rows = (page: Page) => page.getByTestId('download-row');

async function firstRowWith(page: Page, status: string) {
  return page.locator(`[data-testid=download-row][data-status=${status}]`).first();
}

test.describe('downloads view', () => {
  test('at the window size the app opens with, every row action is in view', async ({ appPage: page }) => {
    await page.setViewportSize({ width: 1100, height: 720 });
    const completed = await firstRowWith(page, 'completed');
    const save = completed.getByTestId('save-button');
    await expect(save).toBeVisible();
    const box = (await save.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1100);
    const scroller = page.getByTestId('downloads-table');
    const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The columns dropped from the row are still in the detail panel.
    await completed.getByTestId('open-detail').click();
    await expect(page.getByTestId('detail-panel')).toContainText(/cost/i);
  });

  test('at any window width, from the size it opens with to a wide screen, the rows need no sideways scrolling', async ({
    appPage: page,
  }) => {
    const scroller = page.getByTestId('downloads-table');
    await expect(page.getByTestId('download-row').first()).toBeVisible();
    const overflowing: string[] = [];
    for (let width = 1100; width <= 1960; width += 20) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
      if (overflow > 0) overflowing.push(`${width} px: ${overflow} px`);
    }
    expect(overflowing).toEqual([]);
  });

  test('lists downloads with status as icon and text, and opens details', async ({ appPage: page, fake }) => {
    await expect(rows(page).first()).toBeVisible();
    await expect(page.getByTestId('row-count')).toHaveText('40 downloads');
    const failed = await firstRowWith(page, 'failed');
    await expect(failed.getByTestId('download-status')).toHaveText('Failed');
    await expect(failed.getByTestId('download-status').locator('svg')).toHaveCount(1);
    // Exact time on hover for relative times.
    await expect(failed.locator('time').first()).toHaveAttribute('title', /\d/);

    await failed.getByTestId('open-detail').click();
    const panel = page.getByTestId('detail-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('The download failed');
    await expect(panel).toContainText('start the download again');
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // A clicked notification (navigate event) opens the download from any view.
    await page.getByTestId('nav-settings').click();
    const target = (await fake.backend.api.downloads.snapshot()).downloads[5]!;
    fake.backend.navigate(target.key);
    await expect(page.getByTestId('detail-panel')).toContainText(`Download ${target.id}`);
    await expect(page.getByTestId('nav-downloads')).toHaveAttribute('aria-current', 'page');
  });

  test('filters by status and account, searches queries, and sorts by column', async ({ appPage: page }) => {
    await page.getByTestId('status-filter').selectOption('completed');
    await expect(rows(page).first()).toBeVisible();
    for (const s of await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) {
      expect(s).toBe('completed');
    }
    await page.getByTestId('status-filter').selectOption('all');

    await page.getByTestId('account-filter').selectOption({ label: 'Legacy v3' });
    const keys = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/^acc-legacy:v3:/);
    await page.getByTestId('account-filter').selectOption('all');

    await page.getByTestId('search-input').fill('walmart');
    await expect(rows(page).first()).toBeVisible();
    for (const q of await page
      .getByTestId('open-detail')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''))) {
      expect(q.toLowerCase()).toContain('walmart');
    }
    await page.getByTestId('search-input').fill('no such query anywhere');
    await expect(page.getByTestId('no-matches')).toBeVisible();
    await page.getByTestId('clear-filters').click();
    await expect(page.getByTestId('row-count')).toHaveText('40 downloads');

    // Sort by cost, from the keyboard: Enter on the header's button, then again to reverse.
    const header = page.getByTestId('sort-cost');
    await header.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('columnheader', { name: 'Cost' })).toHaveAttribute('aria-sort', 'descending');
    const costs = async () =>
      rows(page).evaluateAll((els) =>
        els.map((e) => Number((e.children[8]?.textContent ?? '').replace(/[^\d]/g, '') || -1)),
      );
    const desc = await costs();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('columnheader', { name: 'Cost' })).toHaveAttribute('aria-sort', 'ascending');
    const asc = await costs();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  test('saves a completed download, shows progress, then reveal and the manifest check', async ({
    appPage: page,
    fake,
  }) => {
    // Download ids divisible by 5 come back from the fake with fewer records than reported.
    const all = (await fake.backend.api.downloads.snapshot()).downloads;
    const mismatch = all.find((d) => d.status === 'completed' && Number(d.id) % 5 === 0)!;
    await page.getByTestId('search-input').fill(mismatch.id);
    const row = page.locator(`[data-testid=download-row][data-key="${mismatch.key}"]`);
    await row.getByTestId('save-button').click();
    await expect(row.getByTestId('reveal-button')).toBeVisible({ timeout: 10_000 });
    await row.getByTestId('open-detail').click();
    const manifest = page.getByTestId('manifest-result');
    await expect(manifest).toHaveAttribute('data-matches', 'false');
    await expect(manifest).toContainText('does not match');
    await expect(page.getByTestId('save-summary')).toContainText('Saved to');
    await page.getByTestId('detail-reveal-button').click();
    await expect.poll(() => fake.backend.calls.some((c) => c.method === 'files.reveal')).toBe(true);
  });

  test('cancel asks first, explains the charge, and Escape keeps the download', async ({ appPage: page }) => {
    const row = page.locator('[data-testid=download-row][data-status=running][data-key*=":v4:"]').first();
    const key = await row.getAttribute('data-key');
    await row.getByTestId('cancel-button').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('stay available');
    await expect(dialog).toContainText('charged');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId('cancel-button')).toBeFocused();

    await row.getByTestId('cancel-button').click();
    await page.getByTestId('confirm-button').click();
    await expect(page.locator(`[data-testid=download-row][data-key="${key}"]`)).toHaveAttribute(
      'data-status',
      'cancelled',
    );
    await expect(page.getByTestId('live-region')).toContainText('cancelled');
  });

  test('v3 downloads and finished downloads offer no cancel', async ({ appPage: page }) => {
    await expect(
      page.locator(
        '[data-testid=download-row][data-key*=":v3:"][data-status=running] [data-testid=cancel-button]',
      ),
    ).toHaveCount(0);
    await expect(
      page.locator('[data-testid=download-row][data-status=completed] [data-testid=cancel-button]'),
    ).toHaveCount(0);
  });

  test('live patches update rows, and a version gap fetches a new snapshot', async ({
    appPage: page,
    fake,
  }) => {
    const d = (await fake.backend.api.downloads.snapshot()).downloads.find((x) => x.status === 'running')!;
    await page.getByTestId('search-input').fill(d.id);
    await expect(page.locator(`[data-testid=download-row][data-key="${d.key}"]`)).toHaveAttribute(
      'data-status',
      'running',
    );
    fake.backend.upsertDownloads([{ ...d, status: 'completed', rawStatus: 'COMPLETED', progress: 1 }]);
    await expect(page.locator(`[data-testid=download-row][data-key="${d.key}"]`)).toHaveAttribute(
      'data-status',
      'completed',
    );
    const snapshots = () => fake.backend.calls.filter((c) => c.method === 'downloads.snapshot').length;
    const before = snapshots();
    fake.backend.skipVersion();
    await expect.poll(snapshots).toBe(before + 1);
  });

  test('thousands of rows stay virtualised and scroll to the end', async ({ page, fake }) => {
    const template = fake.backend.view().downloads[0]!;
    fake.backend.upsertDownloads(
      Array.from({ length: 3000 }, (_, i) => ({
        ...template,
        key: `acc-research:v4:bulk${i}`,
        id: `bulk${i}`,
        query: `bulk query ${i}`,
        startedAt: new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString(),
      })),
    );
    await page.goto(fake.url);
    await expect(rows(page).first()).toBeVisible();
    expect(await rows(page).count()).toBeLessThan(80);
    await page.getByTestId('downloads-table').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.locator('[data-testid=download-row][data-key="acc-research:v4:bulk0"]')).toBeVisible();
    expect(await rows(page).count()).toBeLessThan(80);
  });
});

test.describe('accounts view', () => {
  test('adds an account with a token, shows errors from the backend inline', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('add-account').click();
    await expect(page.getByTestId('add-account-dialog')).toContainText('Settings → API token');
    await page.getByTestId('account-label').fill('Marketing');
    await page.getByTestId('account-token').fill('bad-token');
    await page.getByTestId('account-submit').click();
    await expect(page.getByTestId('account-error')).toContainText('did not accept');

    await page.getByTestId('account-token').fill('good-token');
    await page.getByText('Advanced').click();
    await page.getByTestId('account-base-url').fill('https://proxy.example.com/v4');
    await page.getByTestId('account-submit').click();
    await expect(page.getByTestId('add-account-dialog')).toBeHidden();
    await expect(page.getByTestId('account-card').filter({ hasText: 'Marketing' })).toContainText(
      'proxy.example.com',
    );
  });

  test('v4 can sign in with email and password; v3 only with a token', async ({ appPage: page, fake }) => {
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-method-password').check();
    await expect(page.getByTestId('account-email')).toBeVisible();
    await expect(page.getByTestId('account-token')).toBeHidden();
    await page.getByTestId('account-version').selectOption('v3');
    await expect(page.getByTestId('account-email')).toBeHidden();
    await expect(page.getByTestId('account-token')).toBeVisible();
    await page.getByTestId('account-version').selectOption('v4');
    await page.getByTestId('account-label').fill('Ana');
    await page.getByTestId('account-email').fill('ana.lopez@example.com');
    await page.getByTestId('account-password').fill('secret');
    await page.getByTestId('account-submit').click();
    await expect(page.getByTestId('account-card').filter({ hasText: 'ana.lopez@example.com' })).toContainText(
      'Ana',
    );
    const add = fake.backend.calls.filter((c) => c.method === 'accounts.add').at(-1)!;
    expect(add.args[0]).toEqual({
      label: 'Ana',
      version: 'v4',
      email: 'ana.lopez@example.com',
      password: 'secret',
    });
  });

  test('renames and removes an account after confirmation', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    const card = page.getByTestId('account-card').filter({ hasText: 'Sales team' });
    await card.getByTestId('rename-account').click();
    await card.getByTestId('rename-input').fill('Sales EMEA');
    await card.getByTestId('rename-save').click();
    const renamed = page.getByTestId('account-card').filter({ hasText: 'Sales EMEA' });
    await expect(renamed).toBeVisible();
    await renamed.getByTestId('remove-account').click();
    await expect(page.getByTestId('confirm-dialog')).toContainText('keychain');
    await page.getByTestId('confirm-button').click();
    await expect(page.getByTestId('account-card').filter({ hasText: 'Sales EMEA' })).toHaveCount(0);
  });

  test('needs sign-in: banner, fix from the banner, banner goes away', async ({ appPage: page, fake }) => {
    fake.backend.setAccountState(
      'acc-research',
      'needs-sign-in',
      'Datafiniti no longer accepts the saved token.',
    );
    const banner = page.getByTestId('banner-sign-in');
    await expect(banner).toContainText('Research (v4)');
    await banner.getByRole('button', { name: 'Sign in…' }).click();
    const dialog = page.getByTestId('reauth-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('account-token').fill('fresh-token');
    await dialog.getByTestId('account-submit').click();
    await expect(banner).toBeHidden();
  });
});

test.describe('banners and settings', () => {
  test('offline, rate-limited with a live countdown, and keychain missing', async ({
    appPage: page,
    fake,
  }) => {
    const status = await fake.backend.api.app.status();
    fake.backend.setStatus({
      online: false,
      keychain: { available: false, message: 'No keychain is available. Install gnome-keyring.' },
      accounts: status.accounts.map((a, i) =>
        i === 0 ? { ...a, state: 'rate-limited', retryAt: new Date(Date.now() + 95_000).toISOString() } : a,
      ),
    });
    await expect(page.getByTestId('banner-offline')).toBeVisible();
    await expect(page.getByTestId('banner-keychain')).toContainText('gnome-keyring');
    const countdown = page.getByTestId('rate-limit-countdown');
    await expect(countdown).toHaveText(/1 min 3\d s/);
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? '', { timeout: 3000 });
    await reviewScreenshot(page, 'banners-light');
    fake.backend.setStatus({
      online: true,
      keychain: { available: true, message: null },
      accounts: status.accounts,
    });
    await expect(page.getByTestId('banner-offline')).toBeHidden();
    await expect(page.getByTestId('banner-rate-limited')).toBeHidden();
  });

  test('settings apply, and backend validation shows beside the field', async ({ appPage: page, fake }) => {
    await page.getByTestId('nav-settings').click();
    const fast = page.getByTestId('setting-pollFastSeconds');
    await fast.fill('1');
    await fast.press('Tab');
    // The contract's bound (the fake backend had its own, drifted one: 5 to 3600).
    await expect(page.getByTestId('setting-error-pollFastSeconds')).toContainText(
      `at least ${SETTINGS_LIMITS.pollFastSeconds.min} seconds`,
    );
    await expect(fast).toHaveAttribute('aria-invalid', 'true');
    await fast.fill('20');
    await fast.press('Tab');
    await expect(page.getByTestId('setting-error-pollFastSeconds')).toBeHidden();
    expect((await fake.backend.api.settings.get()).pollFastSeconds).toBe(20);

    await page.getByTestId('setting-autoSave').check();
    await expect.poll(async () => (await fake.backend.api.settings.get()).autoSave).toBe(true);
    await page.getByTestId('notify-stalled').uncheck();
    await expect.poll(async () => (await fake.backend.api.settings.get()).notify.stalled).toBe(false);
    await page.getByTestId('choose-folder').click();
    await expect(page.getByTestId('save-folder-path')).toHaveText('/home/user/Data/Datafiniti');
  });
});

test.describe('first run', () => {
  test.use({ fakeOptions: { empty: true, tickMs: 0 } });
  test('explains how to add an account and mentions the demo', async ({ appPage: page }) => {
    const empty = page.getByTestId('empty-state');
    await expect(empty).toContainText('API token');
    await expect(empty).toContainText('npm run demo');
    await page.getByTestId('empty-add-account').click();
    await expect(page.getByTestId('nav-accounts')).toHaveAttribute('aria-current', 'page');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('nav-downloads').click();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `empty-${scheme}`);
    }
  });
});

test.describe('keyboard', () => {
  test('Tab reaches navigation, filters, sort headers and row actions; views switch by keyboard', async ({
    appPage: page,
  }) => {
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
      if (id) reached.add(id);
    }
    for (const id of [
      'nav-downloads',
      'nav-accounts',
      'nav-settings',
      'refresh-button',
      'search-input',
      'status-filter',
      'account-filter',
      'sort-status',
      'sort-cost',
      'open-detail',
      'copy-query',
    ]) {
      expect(reached, `Tab should reach ${id}`).toContain(id);
    }
    // Visible focus ring on the focused control.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');

    // Arrow keys move between rows.
    await page.getByTestId('open-detail').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('open-detail').nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail-panel')).toBeVisible();

    await page.getByTestId('nav-accounts').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeFocused();
  });

  test('dialogs trap focus and close on Escape, returning focus', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    const opener = page.getByTestId('add-account');
    await opener.click();
    const dialog = page.getByTestId('add-account-dialog');
    await expect(page.getByTestId('account-label')).toBeFocused();
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });
});

test.describe('accessibility and screenshots', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every view passes axe (serious/critical) in ${scheme}`, async ({ appPage: page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(rows(page).first()).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `downloads-${scheme}`);

      await (await firstRowWith(page, 'completed')).getByTestId('save-button').click();
      await (await firstRowWith(page, 'completed')).getByTestId('open-detail').click();
      await expect(page.getByTestId('manifest-result')).toBeVisible({ timeout: 10_000 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `detail-${scheme}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-accounts').click();
      await expect(page.getByTestId('account-card').first()).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `accounts-${scheme}`);

      await page.getByTestId('add-account').click();
      await page.getByTestId('account-method-password').check();
      await page.getByText('Advanced').click();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `add-account-${scheme}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-settings').click();
      await expect(page.getByTestId('setting-pollFastSeconds')).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await reviewScreenshot(page, `settings-${scheme}`);
    });
  }

  test('the built app needs no inline styles or scripts (CSP holds)', async ({ page, fake }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(fake.url);
    await expect(rows(page).first()).toBeVisible();
    await page.getByTestId('open-detail').first().click();
    expect(violations).toEqual([]);
    const csp = (await page.request.get(fake.url)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
  });
});

test.describe('harness transport', () => {
  function connect(url: string, origin: string): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { origin });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(0));
    });
  }

  test('refuses a socket without the token or from a foreign origin', async ({ fake }) => {
    const { origin, token } = fake.server;
    const ws = origin.replace('http', 'ws');
    expect(await connect(`${ws}/bridge?token=${token}`, origin)).toBe(101);
    expect(await connect(`${ws}/bridge`, origin)).toBe(401);
    expect(await connect(`${ws}/bridge?token=wrong${token.slice(5)}`, origin)).toBe(401);
    expect(await connect(`${ws}/bridge?token=${token}`, 'http://evil.example')).toBe(401);
    expect(await connect(`${ws}/bridge?token=${token}`, 'http://localhost:1')).toBe(401);
  });

  test('serves the page only with the token and never outside the renderer folder', async ({
    page,
    fake,
  }) => {
    const { origin, token } = fake.server;
    expect((await page.request.get(`${origin}/`)).status()).toBe(401);
    expect((await page.request.get(`${origin}/harness-bridge.js`)).status()).toBe(401);
    expect((await page.request.get(`${origin}/?token=${token}`)).status()).toBe(200);
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/assets/../../package.json',
    ]) {
      expect((await page.request.get(`${origin}${path}`)).status(), path).toBe(404);
    }
  });

  test('window.datafiniti has named methods only and reports errors as plain data with their kind', async ({
    appPage: page,
  }) => {
    const shape = await page.evaluate(async () => {
      const bridge = window.datafiniti as unknown as Record<string, unknown>;
      let error: { kind?: unknown; message?: unknown } = {};
      let isError = true;
      try {
        await window.datafiniti.downloads.cancel('acc-research:v4:nope');
      } catch (e) {
        error = e as typeof error;
        isError = e instanceof Error;
      }
      return {
        keys: Object.keys(bridge).sort(),
        invoke: 'invoke' in bridge,
        frozen: Object.isFrozen(bridge),
        error: { kind: error.kind, isError },
      };
    });
    expect(shape.keys).toEqual(['accounts', 'app', 'downloads', 'files', 'on', 'settings']);
    expect(shape.invoke).toBe(false);
    expect(shape.frozen).toBe(true);
    expect(shape.error).toEqual({ kind: 'not-found', isError: false });
  });
});
