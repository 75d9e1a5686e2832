// A long history in the window: the newest page is painted first, the older pages follow in
// the background with a quiet note, and a search made meanwhile says it may miss some.
import type { Page } from '@playwright/test';
import { newestFirst } from '../../preload/contract/index.js';
import { test, expect } from './fixtures.js';

test.use({
  viewport: { width: 1480, height: 900 },
  fakeOptions: { downloads: 5000, tickMs: 0, saveMs: 800, pageDelayMs: 700 },
});

const row = (page: Page, key: string) => page.locator(`[data-testid=download-row][data-key="${key}"]`);

test('the newest downloads appear first, then the older ones; a search finds an old one once loaded', async ({
  page,
  fake,
}) => {
  const all = [...fake.backend.view().downloads].sort(newestFirst);
  const newest = all[0]!;
  const oldest = all.at(-1)!;
  await page.goto(fake.url);

  await expect(row(page, newest.key)).toBeVisible();
  const note = page.getByTestId('loading-older');
  await expect(note).toContainText('Loading older downloads');
  await expect(note).toContainText('of 5,000');

  // Searching before the list is complete says so, and finds the old one when it arrives.
  await page.getByTestId('search-input').fill(oldest.id);
  await expect(note).toContainText('Still loading older downloads');
  await expect(note).toContainText('they may match too');
  await expect(row(page, oldest.key)).toBeVisible({ timeout: 20_000 });
  await expect(note).toBeHidden();
  await page.getByTestId('search-input').fill('');
  await expect(page.getByTestId('row-count')).toHaveText('5,000 downloads');
  // One snapshot, then the pages; no whole-list message.
  const pages = fake.backend.calls.filter((c) => c.method === 'downloads.page').length;
  expect(pages).toBeGreaterThanOrEqual(3);
  expect(fake.backend.calls.filter((c) => c.method === 'downloads.snapshot')).toHaveLength(1);
});

test("an account's first poll of thousands arrives in pages, and the rows shown never drop meanwhile", async ({
  page,
  fake,
}) => {
  await page.goto(fake.url);
  await expect(page.getByTestId('row-count')).toHaveText('5,000 downloads', { timeout: 20_000 });
  // What the row count says from now on, every time it changes.
  await page.getByTestId('row-count').evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { rowCounts: string[] }).rowCounts = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      subtree: true,
      characterData: true,
      childList: true,
    });
  });
  const template = fake.backend.view().downloads[0]!;
  const added = Array.from({ length: 3000 }, (_, i) => ({
    ...template,
    key: `acc-new:v4:first${i}`,
    accountId: 'acc-new',
    id: `first${i}`,
    startedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  }));
  const snapshots = () => fake.backend.calls.filter((c) => c.method === 'downloads.snapshot').length;
  fake.backend.upsertDownloads(added);

  await expect(page.getByTestId('row-count')).toHaveText('8,000 downloads', { timeout: 20_000 });
  await expect(page.getByTestId('loading-older')).toBeHidden();
  // The list was read again (a second snapshot and its pages), not sent in one message.
  expect(snapshots()).toBe(2);
  const counts = await page.evaluate(() => (window as unknown as { rowCounts: string[] }).rowCounts);
  const numbers = counts.map((t) => Number(t.replace(/[^0-9]/g, '')));
  expect(numbers.length).toBeGreaterThan(0);
  expect(Math.min(...numbers)).toBeGreaterThanOrEqual(5000);
  await page.getByTestId('search-input').fill('first2999');
  await expect(row(page, 'acc-new:v4:first2999')).toBeVisible();
});
