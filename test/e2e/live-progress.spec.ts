// Watching and live progress in Debian's Chromium, against the fake backend through the
// harness: the window tells the core which running downloads it shows (and nothing when it is
// hidden), and a running row's count moves between the backend's figures, marked as an estimate.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';

test.use({
  viewport: { width: 1480, height: 900 },
  fakeOptions: { downloads: 40, tickMs: 3000, saveMs: 800 },
});

type Calls = { method: string; args: unknown[] }[];
const watchCalls = (calls: Calls) => calls.filter((c) => c.method === 'downloads.watch');
const lastWatched = (calls: Calls) => (watchCalls(calls).at(-1)?.args[0] ?? null) as string[] | null;

/**
 * Electron sets document.visibilityState to "hidden" when the window is minimised or hidden
 * (electron/docs/api/browser-window.md, "Page visibility"); headless Chromium never does, so
 * the page is told here the way Electron would tell it.
 */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (h ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('tells the core which running downloads are on screen, and nothing while hidden', async ({
  appPage: page,
  fake,
}) => {
  const live = page.locator(
    '[data-testid=download-row][data-status=running], [data-testid=download-row][data-status=queued]',
  );
  await expect(live.first()).toBeVisible();
  // Rows inside the table's viewport, not the ones rendered just outside it for scrolling.
  const onScreen = () =>
    live.evaluateAll((rows) => {
      const view = document.querySelector('[data-testid=downloads-table]')!.getBoundingClientRect();
      return rows
        .filter((r) => {
          const box = r.getBoundingClientRect();
          return box.bottom > view.top + 40 && box.top < view.bottom;
        })
        .map((r) => r.getAttribute('data-key'))
        .sort();
    });
  // Rows change status as the fake backend ticks: compare both sides fresh each time.
  const inStep = async () =>
    JSON.stringify(lastWatched(fake.backend.calls)) === JSON.stringify(await onScreen());
  await expect.poll(inStep).toBe(true);
  expect((await onScreen()).length).toBeGreaterThan(0);
  // Scrolled to the end, the list follows what is on screen.
  await page.getByTestId('downloads-table').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(inStep).toBe(true);

  await setHidden(page, true);
  await expect.poll(() => lastWatched(fake.backend.calls)).toEqual([]);
  await setHidden(page, false);
  await expect.poll(() => lastWatched(fake.backend.calls)?.length ?? 0).toBeGreaterThan(0);
});

test('a running row moves between the figures, marked as an estimate, with the expected finish', async ({
  appPage: page,
}) => {
  const live = page.locator('[data-testid=live-records][data-estimated=true]').first();
  // Two figures 3 s apart give the pace; between them and the next, the count is estimated.
  await expect(live).toBeVisible({ timeout: 15_000 });
  await expect(live).toHaveText(/^≈/);
  await expect(live).toHaveAttribute('title', /estimated from the pace/);
  await expect(page.getByTestId('row-eta').first()).toHaveText(/left$/);
});
