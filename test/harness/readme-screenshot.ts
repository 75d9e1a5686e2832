// Takes the README's screenshots (docs/screenshot.png, and docs/screenshot-small-dark.png at the
// smallest supported window, 800×600, dark) of the real app: the core against the
// simulator's demo world, rendered in Debian's Chromium. Run: npx tsx test/harness/readme-screenshot.ts
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config.js';
import { REPO_ROOT, startHarness } from './start-harness.js';

const harness = await startHarness({ sim: { demo: true, speed: 20 }, demoAccounts: true, vault: 'memory' });
const browser = await chromium.launch(chromiumLaunch);
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 760 }, colorScheme: 'light' });
  await page.goto(harness.url);
  await page.getByTestId('download-row').first().waitFor();
  // Let the running demo downloads move so the list shows progress and a finished one.
  await page.waitForTimeout(6000);
  const out = join(REPO_ROOT, 'docs', 'screenshot.png');
  await page.screenshot({ path: out, animations: 'disabled' });
  console.log(`wrote ${out}`);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const small = join(REPO_ROOT, 'docs', 'screenshot-small-dark.png');
  await page.screenshot({ path: small, animations: 'disabled' });
  console.log(`wrote ${small}`);
} finally {
  await browser.close();
  await harness.close();
}
