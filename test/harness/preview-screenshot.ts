// Takes the README's screenshot of the file preview (docs/preview.png): the real core saves a
// simulator download, and the preview of its first file is shown in Debian's Chromium.
// Run: npx tsx test/harness/preview-screenshot.ts
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config.js';
import { REPO_ROOT, startHarness } from './start-harness.js';

const harness = await startHarness({ sim: { speed: 1 }, vault: 'memory' });
const browser = await chromium.launch(chromiumLaunch);
try {
  const sim = harness.sim!;
  const account = sim.addAccount({ version: 'v4' });
  const d = sim.addDownload(account.token, {
    query: 'categories:bakery AND city:Portland',
    numRecords: 1200,
    recordsPerFile: 500,
    queuedMs: 0,
    durationMs: 1000,
    startedAt: Date.now() - 10 * 60_000,
  });
  await harness.backend.api.accounts.add({ label: 'Research', version: 'v4', token: account.token });
  const page = await browser.newPage({ viewport: { width: 1360, height: 760 }, colorScheme: 'light' });
  await page.goto(harness.url);
  const row = page.locator(`[data-testid="download-row"][data-key$=":v4:${d.id}"]`);
  await row.getByTestId('save-button').click();
  await row.getByTestId('reveal-button').waitFor({ timeout: 30_000 });
  await row.getByTestId('open-detail').click();
  await page.getByTestId('preview-button').click();
  await page.getByTestId('preview-table').waitFor();
  const out = join(REPO_ROOT, 'docs', 'preview.png');
  await page.screenshot({ path: out, animations: 'disabled' });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await harness.close();
}
