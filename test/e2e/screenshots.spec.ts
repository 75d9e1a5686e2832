// Review screenshots of every view at the two window sizes the issue names (1280×800 and the
// smallest supported, 800×600), light and dark, kept under test-results/screenshots/ for a
// person to look at. Each view also asserts what must hold at that size, so the pictures are
// never of a broken state.
import type { Page } from '@playwright/test';
import { test, expect, reviewScreenshot } from './fixtures.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

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
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-accounts').click();
      await expect(page.getByTestId('account-card').first()).toBeVisible();
      await reviewScreenshot(page, `view-accounts-${tag}`);
      await page.getByTestId('add-account').click();
      await expect(page.getByTestId('add-account-dialog')).toBeVisible();
      await reviewScreenshot(page, `view-add-account-${tag}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-settings').click();
      await expect(page.getByTestId('setting-pollFastSeconds')).toBeVisible();
      await reviewScreenshot(page, `view-settings-${tag}`);
    });
  }
}
