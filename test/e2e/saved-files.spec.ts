// Saved files as data, in Chromium against the real core and the simulator (issue 21):
// multi-select and save, a preview of saved CSV and JSON, and the list export.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { expect, test } from './fixtures.js';
import type { Harness } from '../harness/start-harness.js';
import type { SimDownloadOptions } from '../sim/index.js';

test.use({ harnessOptions: { sim: { speed: 1 } } });

/** An account with finished downloads, shown in the list. */
async function withDownloads(
  page: Page,
  harness: Harness,
  downloads: SimDownloadOptions[],
): Promise<string[]> {
  const sim = harness.sim!;
  const account = sim.addAccount({ version: 'v4' });
  const ids = downloads.map(
    (o) =>
      sim.addDownload(account.token, {
        queuedMs: 0,
        durationMs: 1000,
        startedAt: Date.now() - 10 * 60_000,
        recordsPerFile: 500,
        ...o,
      }).id,
  );
  await harness.backend.api.accounts.add({ label: 'Research', version: 'v4', token: account.token });
  await page.goto(harness.url);
  for (const id of ids) {
    await expect(row(page, id)).toHaveAttribute('data-status', /completed|running/, { timeout: 20_000 });
  }
  return ids;
}

const row = (page: Page, id: string) => page.locator(`[data-testid="download-row"][data-key$=":v4:${id}"]`);

test('select rows with click, Shift, Ctrl, Space and Ctrl+A, then save the selection', async ({
  page,
  harness,
}) => {
  const ids = await withDownloads(page, harness, [
    { numRecords: 600, query: 'city:Austin' },
    { numRecords: 600, query: 'city:Boston' },
    { numRecords: 600, query: 'city:Chicago' },
    { numRecords: 600, query: 'city:Denver' },
  ]);
  await page.getByTestId('sort-query').click();
  const [austin, boston, chicago, denver] = ids.map((id) => row(page, id));

  await austin!.getByTestId('open-detail').click();
  await chicago!.getByTestId('open-detail').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
  await expect(austin!).toHaveAttribute('aria-selected', 'true');
  await expect(denver!).toHaveAttribute('aria-selected', 'false');

  await boston!.getByTestId('open-detail').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await expect(boston!).toHaveAttribute('aria-selected', 'false');

  await boston!.getByTestId('open-detail').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('selection-count')).toHaveText('4 selected');

  // Cancel has nothing to act on: all four are finished and none is saving.
  await expect(page.getByTestId('selection-cancel')).toBeDisabled();
  await page.getByTestId('selection-save').click();
  for (const r of [austin, boston, chicago, denver]) {
    await expect(r!.getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  }
  const root = join(harness.downloadsDir, 'Datafiniti');
  const folders = readdirSync(root);
  expect(folders).toHaveLength(4);
  for (const f of folders) expect(readdirSync(join(root, f))).toContain('manifest.json');
});

test('cancel a selection of running downloads after confirming', async ({ page, harness }) => {
  const ids = await withDownloads(page, harness, [
    { numRecords: 5000, durationMs: 3_600_000, query: 'city:Austin' },
    { numRecords: 5000, durationMs: 3_600_000, query: 'city:Boston' },
    { numRecords: 5000, durationMs: 3_600_000, query: 'city:Chicago' },
  ]);
  await page.getByTestId('sort-query').click();
  const [austin, boston, chicago] = ids.map((id) => row(page, id));
  await austin!.getByTestId('open-detail').click();
  await boston!.getByTestId('open-detail').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await expect(page.getByTestId('selection-save')).toBeDisabled();
  await page.getByTestId('selection-cancel').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('charged to your account');
  await dialog.getByRole('button', { name: 'Cancel them' }).click();
  await expect(austin!).toHaveAttribute('data-status', 'cancelled', { timeout: 20_000 });
  await expect(boston!).toHaveAttribute('data-status', 'cancelled', { timeout: 20_000 });
  await expect(chicago!).toHaveAttribute('data-status', 'running');
});

test('"Save all completed" saves every completed download and leaves a running one', async ({
  page,
  harness,
}) => {
  const ids = await withDownloads(page, harness, [
    { numRecords: 500 },
    { numRecords: 500 },
    { numRecords: 5000, durationMs: 3_600_000 },
  ]);
  await page.getByTestId('save-all-completed').click();
  await expect(page.getByText('2 downloads queued for saving').first()).toBeVisible();
  await expect(row(page, ids[0]!).getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, ids[1]!).getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(join(harness.downloadsDir, 'Datafiniti'))).toHaveLength(2);
});

test('a bulk save says why it left a download out in the words its detail panel uses', async ({
  page,
  harness,
}) => {
  const sim = harness.sim!;
  const account = sim.addAccount({ version: 'v4' });
  const base = { queuedMs: 0, durationMs: 1000, startedAt: Date.now() - 10 * 60_000, recordsPerFile: 500 };
  const saved = sim.addDownload(account.token, { ...base, numRecords: 500, query: 'city:Austin' }).id;
  // Failed before its first file, and completed with nothing found: neither has files to save.
  const failed = sim.addDownload(account.token, {
    ...base,
    numRecords: 500,
    outcome: 'failed',
    partialFraction: 0,
    query: 'city:Boston',
  }).id;
  const empty = sim.addDownload(account.token, { ...base, numRecords: 0, query: 'city:Chicago' }).id;
  await harness.backend.api.accounts.add({ label: 'Research', version: 'v4', token: account.token });
  await page.goto(harness.url);
  await expect(row(page, saved)).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
  await expect(row(page, failed)).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(row(page, empty)).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });

  await page.getByTestId('sort-query').click();
  await row(page, saved).getByTestId('open-detail').click();
  await row(page, empty)
    .getByTestId('open-detail')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
  await page.getByTestId('selection-save').click();
  const toast = page.getByTestId('toast').filter({ hasText: 'Not saved' });
  await expect(toast).toContainText(
    `Not saved: ${failed}: a failed download has no result files; ${empty}: no result files were reported.`,
  );
  await expect(row(page, saved).getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });

  const skipped = new Map(
    [...((await toast.textContent()) ?? '').matchAll(/(\d+): ([^;.]+)/g)].map((m) => [m[1]!, m[2]!]),
  );
  for (const [id, sentence] of [
    [failed, 'A failed download has no result files.'],
    [empty, 'No result files were reported.'],
  ] as const) {
    await page.keyboard.press('Escape');
    await row(page, id).getByTestId('open-detail').click();
    const detail = page.getByTestId('no-files');
    await expect(detail).toHaveText(sentence);
    // The same reason, word for word, in the list of skipped downloads.
    const reason = skipped.get(id)!;
    expect(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`).toBe(sentence);
  }
});

async function saveAndPreview(page: Page, id: string): Promise<void> {
  const r = row(page, id);
  await r.getByTestId('save-button').click();
  await expect(r.getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  await r.getByTestId('open-detail').click();
  await page.getByTestId('preview-button').click();
  await expect(page.getByTestId('preview-table')).toBeVisible();
}

test('preview of a saved CSV: quoted newlines in cells, sticky header, counts, open in the default app', async ({
  page,
  harness,
}) => {
  await page.setViewportSize({ width: 1360, height: 800 });
  const [id] = await withDownloads(page, harness, [
    { numRecords: 1200, query: 'categories:bakery AND city:Portland', format: 'csv' },
  ]);
  await saveAndPreview(page, id!);
  const folder = readdirSync(join(harness.downloadsDir, 'Datafiniti'))[0]!;
  const first = join(harness.downloadsDir, 'Datafiniti', folder, `${id}_1.csv`);
  const expected = parse(readFileSync(first), { to: 101 }) as string[][];

  const table = page.getByTestId('preview-table');
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(table.locator('thead th')).toHaveCount(expected[0]!.length + 1);
  await expect(page.getByTestId('preview-summary')).toContainText(
    `${expected[0]!.length} columns · the first 100 of 1,200 records in 3 files`,
  );
  // A cell holding a quoted newline shows both lines in one cell.
  const [r, c] = (() => {
    for (let i = 1; i <= 100; i++) {
      const j = expected[i]!.findIndex((cell) => cell.includes('\n'));
      if (j >= 0) return [i, j];
    }
    throw new Error('the simulator wrote no quoted newline');
  })();
  const cell = table
    .locator('tbody tr')
    .nth(r - 1)
    .locator('td')
    .nth(c + 1);
  expect(await cell.textContent()).toBe(expected[r]![c]);
  expect(
    await table
      .locator('thead th')
      .first()
      .evaluate((th) => getComputedStyle(th).position),
  ).toBe('sticky');

  await page.getByTestId('preview-open').click();
  await expect.poll(() => harness.recorded.opens).toEqual([first]);
});

test('preview of saved JSON lines: top-level fields, nested values as compact JSON', async ({
  page,
  harness,
}) => {
  const [id] = await withDownloads(page, harness, [{ numRecords: 300, format: 'json' }]);
  await saveAndPreview(page, id!);
  const folder = readdirSync(join(harness.downloadsDir, 'Datafiniti'))[0]!;
  const lines = readFileSync(join(harness.downloadsDir, 'Datafiniti', folder, `${id}_1.txt`), 'utf8')
    .split('\n')
    .filter(Boolean);
  const firstRecord = JSON.parse(lines[0]!) as Record<string, unknown>;
  const keys = Object.keys(firstRecord);
  const heads = await page.getByTestId('preview-table').locator('thead th').allTextContents();
  expect(heads.slice(1, keys.length + 1)).toEqual(keys);
  const nested = keys.findIndex((k) => typeof firstRecord[k] === 'object' && firstRecord[k] !== null);
  expect(nested).toBeGreaterThanOrEqual(0);
  const cell = page
    .getByTestId('preview-table')
    .locator('tbody tr')
    .first()
    .locator('td')
    .nth(nested + 1);
  expect(await cell.textContent()).toBe(JSON.stringify(firstRecord[keys[nested]!]));
  await expect(page.getByTestId('preview-summary')).toContainText('the first 100 of 300 records');
});

test('preview of a saved file that now has 100,000 columns: the first 200, and says so', async ({
  page,
  harness,
}) => {
  const [id] = await withDownloads(page, harness, [{ numRecords: 100, format: 'csv' }]);
  const r = row(page, id!);
  await r.getByTestId('save-button').click();
  await expect(r.getByTestId('reveal-button')).toBeVisible({ timeout: 30_000 });
  const folder = readdirSync(join(harness.downloadsDir, 'Datafiniti'))[0]!;
  const wide = (prefix: string): string =>
    Array.from({ length: 100_000 }, (_, i) => `${prefix}${i}`).join(',');
  writeFileSync(
    join(harness.downloadsDir, 'Datafiniti', folder, `${id}_1.csv`),
    `${wide('c')}\n${wide('v')}\n`,
  );
  await r.getByTestId('open-detail').click();
  await page.getByTestId('preview-button').click();
  const table = page.getByTestId('preview-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  // The row-number column and the first 200.
  await expect(table.locator('thead th')).toHaveCount(201);
  await expect(page.getByTestId('preview-summary')).toContainText('100,000 columns (the first 200 shown)');
});

test('export the list as filtered to a CSV, formulas defused, then show it', async ({ page, harness }) => {
  const ids = await withDownloads(page, harness, [
    { numRecords: 100, query: 'city:Austin' },
    { numRecords: 200, query: '=HYPERLINK("http://evil.example","x") OR city:Austin' },
    { numRecords: 300, query: 'city:Boston' },
  ]);
  await page.getByTestId('search-input').fill('Austin');
  await expect(page.getByTestId('download-row')).toHaveCount(2);
  const out = mkdtempSync(join(tmpdir(), 'export-'));
  const file = join(out, 'austin.csv');
  harness.nodePorts.setNextSaveFile(file);
  await page.getByTestId('export-list').click();
  await expect(page.getByTestId('export-done')).toContainText(file);
  expect(readdirSync(out)).toEqual(['austin.csv']);
  expect(harness.recorded.savedAs.at(-1)?.request.defaultName).toMatch(
    /^datafiniti-downloads-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const rows = parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((r) => r['id']).sort()).toEqual([ids[0], ids[1]].sort());
  expect(rows.map((r) => r['query'])).toContain(`'=HYPERLINK("http://evil.example","x") OR city:Austin`);
  expect(rows.every((r) => r['account'] === 'Research' && r['status'] === 'completed')).toBe(true);
  await page.getByTestId('export-reveal').click();
  await expect.poll(() => harness.recorded.reveals).toEqual([file]);
});
