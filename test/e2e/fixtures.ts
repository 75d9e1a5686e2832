// Playwright fixtures for the renderer served by the harness: `fake` (the in-memory fake
// backend, for view tests) and `harness` (the real core + simulator, for full-flow tests),
// plus helpers for axe checks and review screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createFakeBackend, type FakeBackend, type FakeBackendOptions } from '../harness/fake-backend.js';
import { startHarnessServer, type HarnessServer } from '../harness/ws-bridge-server.js';
import { ensureRendererBuilt } from '../harness/build-renderer.js';
import { REPO_ROOT } from '../harness/paths.js';
import type { Harness, StartHarnessOptions } from '../harness/start-harness.js';

export interface FakeHarness {
  url: string;
  backend: FakeBackend;
  server: HarnessServer;
}

interface TestFixtures {
  /** Options for the fake backend; override with `test.use({ fakeOptions: {...} })`. */
  fakeOptions: FakeBackendOptions;
  fake: FakeHarness;
  /** The page opened on the fake harness, with the app loaded. */
  appPage: Page;
  /** Options for the real harness; override with `test.use({ harnessOptions: {...} })`. */
  harnessOptions: StartHarnessOptions;
  /** The real core + simulator (needs main/core/backend.ts). */
  harness: Harness;
}

interface WorkerFixtures {
  /** out/renderer, rebuilt once per run when older than its sources. */
  rendererDir: string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rendererDir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(await ensureRendererBuilt());
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  fakeOptions: [{ downloads: 40, tickMs: 0, saveMs: 800 }, { option: true }],
  fake: async ({ rendererDir, fakeOptions }, use) => {
    const backend = createFakeBackend(fakeOptions);
    await backend.start();
    const server = await startHarnessServer({ backend, rendererDir });
    await use({ url: server.url, backend, server });
    await server.close();
    await backend.dispose();
  },
  appPage: async ({ page, fake }, use) => {
    await page.goto(fake.url);
    await expect(page.getByTestId('nav-downloads')).toBeVisible();
    await use(page);
  },
  harnessOptions: [{}, { option: true }],
  harness: async ({ rendererDir, harnessOptions }, use) => {
    const { startHarness } = await import('../harness/start-harness.js');
    const harness = await startHarness({ rendererDir, ...harnessOptions });
    await use(harness);
    await harness.close();
  },
});

export { expect };

/** Axe violations of impact serious or critical, as readable lines (empty when clean). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves a full-window screenshot for review under test-results/screenshots/. */
export async function reviewScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}
