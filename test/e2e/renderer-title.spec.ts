// The smallest real browser test: the built renderer loads in Debian's Chromium under its own
// CSP, shows the app's title, and, served without the preload's bridge (as when the preload
// failed), says plainly that it cannot reach the core instead of throwing.
import { existsSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

test('the built renderer opens with the app title and explains a missing bridge', async ({ page }) => {
  expect(existsSync(join(rendererDir, 'index.html')), 'run `npm run build` first').toBe(true);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // Serve the build from a fake origin so `'self'` in the CSP means something.
  await page.route('http://app.test/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: file });
  });
  await page.goto('http://app.test/');
  await expect(page).toHaveTitle('Datafiniti Downloads');
  await expect(page.getByRole('alert')).toContainText('connection to the app’s core is missing');
  expect(errors).toEqual([]);
});
