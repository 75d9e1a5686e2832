/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Review screenshots of every view at the two window sizes the issue names (1280×800 and the
// smallest supported, 800×600), light and dark, kept under test-results/screenshots/ for a
// person to look at. Each view also asserts what must hold at that size, so the pictures are
// never of a broken state.
import type { Locator, Page } from '@playwright/test';
import { test, expect, reviewScreenshot } from './fixtures.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

/** The dialog's buttons are in the window without scrolling anything. */
async function inView(page: Page, button: Locator): Promise<void> {
  await expect(button).toBeVisible();
  const box = (await button.boundingBox())!;
  const size = page.viewportSize()!;
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(
    await button.evaluate(
      (el) =>
        document
          .elementFromPoint(el.getBoundingClientRect().left + 4, el.getBoundingClientRect().top + 4)
          ?.closest('button') === el,
    ),
  ).toBe(true);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every view at ${size.width}×${size.height} in ${scheme}`, async ({ page, fake }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(fake.url);
      const tag = `${size.width}x${size.height}-${scheme}`;
      const row = page.getByTestId('download-row');
      await expect(row.first()).toBeVisible();
      await noSidewaysScroll(page);
      await reviewScreenshot(page, `view-downloads-${tag}`);

      const completed = page.locator('[data-testid=download-row][data-status=completed]').first();
      await completed.getByTestId('open-detail').click();
      await expect(page.getByTestId('detail-panel')).toBeVisible();
      await reviewScreenshot(page, `view-detail-${tag}`);

      // After a save: "Show in folder" leads; per-file states and sizes.
      await page.getByTestId('detail-save-button').click();
      await expect(page.getByTestId('detail-reveal-button')).toBeVisible({ timeout: 10_000 });
      await reviewScreenshot(page, `view-detail-saved-${tag}`);
      await page.keyboard.press('Escape');

      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
      await reviewScreenshot(page, `view-shortcuts-${tag}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('new-download').click();
      await expect(page.getByTestId('new-download-dialog')).toBeVisible();
      await inView(page, page.getByTestId('nd-start'));
      await reviewScreenshot(page, `view-new-download-${tag}`);
      await page.keyboard.press('Escape');

      const all = (await fake.backend.api.downloads.snapshot()).downloads;
      fake.backend.setStatus({
        away: {
          id: 'away:screenshot',
          at: new Date().toISOString(),
          items: all.slice(0, 3).map((d) => ({
            downloadKey: d.key,
            kind: d.status === 'failed' ? 'failed' : 'completed',
          })),
        },
      });
      await expect(page.getByTestId('away-panel')).toBeVisible();
      await reviewScreenshot(page, `view-away-${tag}`);
      await page.getByTestId('away-dismiss').click();

      // One account whose last check failed, to see the app's words with the server's as a detail.
      const status = await fake.backend.api.app.status();
      fake.backend.setStatus({
        accounts: status.accounts.map((a, i) =>
          i === 1
            ? {
                ...a,
                state: 'error',
                lastError: {
                  code: 'server',
                  message: 'Internal Server Error (request 4f2a9c)',
                  retryable: true,
                },
              }
            : a,
        ),
      });
      await page.getByTestId('nav-accounts').click();
      await expect(page.getByTestId('account-card').first()).toBeVisible();
      await reviewScreenshot(page, `view-accounts-${tag}`);
      await page.getByTestId('add-account').click();
      await expect(page.getByTestId('add-account-dialog')).toBeVisible();
      await page.getByTestId('account-method-password').check();
      await page.getByText('Advanced').click();
      await inView(page, page.getByTestId('account-submit'));
      await reviewScreenshot(page, `view-add-account-${tag}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-settings').click();
      await expect(page.getByTestId('setting-pollFastSeconds')).toBeVisible();
      await reviewScreenshot(page, `view-settings-${tag}`);

      // Help → About: Settings scrolled to the About card.
      fake.backend.menuNavigate({ view: 'about', downloadKey: null });
      await expect(page.getByRole('heading', { name: 'About', exact: true })).toBeFocused();
      await expect(page.getByTestId('about-version')).toBeVisible();
      await reviewScreenshot(page, `view-settings-about-${tag}`);
    });
  }
}
