/// <reference lib="dom" />
// Part of this file runs inside a browser page (page.evaluate or a served script): DOM types here only.
// Renderer benchmark, through the harness and the fake backend in Debian's Chromium:
//  1. time until the first download rows are visible, with 20,000 downloads vs with 50, in the
//     same run (the ratio is the claim; target ≤ 2×, which virtualisation makes possible);
//  2. CPU use while idle: this (harness) process over a window (default 60 s), as % of one
//     core, plus the page's main-thread busy time from Chromium for context.
// Run: npx tsx test/bench/render-bench.ts [--idle-seconds 60] [--runs 5]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config.js';
import { createFakeBackend } from '../harness/fake-backend.js';
import { startHarnessServer } from '../harness/ws-bridge-server.js';
import { ensureRendererBuilt } from '../harness/build-renderer.js';

export interface RenderBenchOptions {
  /** Length of the idle CPU window in seconds. Default 60. */
  idleSeconds?: number;
  /** Page loads per size; the median is reported. Default 5. */
  runs?: number;
  small?: number;
  large?: number;
}

// Runs in the page before the app: notes when the first row is in the DOM and painted.
const FIRST_ROWS_PROBE = `
  (() => {
    const seen = () => document.querySelector('[data-testid=download-row]');
    const done = () => requestAnimationFrame(() => { window.__firstRowsAt = performance.now(); });
    const mo = new MutationObserver(() => { if (seen()) { mo.disconnect(); done(); } });
    document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
  })();
`;

async function timeToFirstRows(browser: Browser, downloads: number, runs: number, rendererDir: string) {
  const backend = createFakeBackend({ downloads, tickMs: 0 });
  await backend.start();
  const server = await startHarnessServer({ backend, rendererDir });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1480, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(FIRST_ROWS_PROBE);
      await page.goto(server.url);
      await page.waitForFunction(
        () => typeof (window as { __firstRowsAt?: number }).__firstRowsAt === 'number',
      );
      times.push(await page.evaluate(() => (window as unknown as { __firstRowsAt: number }).__firstRowsAt));
      await context.close();
    }
  } finally {
    await server.close();
    await backend.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function idleCpu(browser: Browser, seconds: number, downloads: number, rendererDir: string) {
  const backend = createFakeBackend({ downloads, tickMs: 0 });
  await backend.start();
  const server = await startHarnessServer({ backend, rendererDir });
  const page = await browser.newPage({ viewport: { width: 1480, height: 900 } });
  try {
    await page.goto(server.url);
    await page.getByTestId('download-row').first().waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    const pageBefore = await busy();
    const before = process.cpuUsage();
    const start = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const used = process.cpuUsage(before);
    const wallMs = performance.now() - start;
    const pageBusy = (await busy()) - pageBefore;
    return {
      harnessPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
      pagePercent: ((pageBusy * 1000) / wallMs) * 100,
    };
  } finally {
    await page.close();
    await server.close();
    await backend.dispose();
  }
}

export async function runRenderBench(options: RenderBenchOptions = {}): Promise<string[]> {
  const idleSeconds = options.idleSeconds ?? 60;
  const runs = options.runs ?? 5;
  const small = options.small ?? 50;
  const large = options.large ?? 20_000;
  const rendererDir = await ensureRendererBuilt();
  const browser = await chromium.launch(chromiumLaunch);
  try {
    // A warm-up load so neither size pays for the browser's first start.
    await timeToFirstRows(browser, small, 1, rendererDir);
    const smallMs = await timeToFirstRows(browser, small, runs, rendererDir);
    const largeMs = await timeToFirstRows(browser, large, runs, rendererDir);
    const ratio = largeMs / smallMs;
    const cpu = await idleCpu(browser, idleSeconds, large, rendererDir);
    return [
      `render: first rows visible with ${large} downloads ${largeMs.toFixed(0)} ms vs ${small} downloads ${smallMs.toFixed(0)} ms (median of ${runs}): ${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? 'OK' : 'OVER'}`,
      `render: idle CPU over ${idleSeconds} s with ${large} downloads: harness process ${cpu.harnessPercent.toFixed(2)}% of one core; page main thread ${cpu.pagePercent.toFixed(2)}%`,
    ];
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { 'idle-seconds': { type: 'string' }, runs: { type: 'string' } },
  });
  const lines = await runRenderBench({
    ...(values['idle-seconds'] ? { idleSeconds: Number(values['idle-seconds']) } : {}),
    ...(values.runs ? { runs: Number(values.runs) } : {}),
  });
  for (const line of lines) console.log(line);
}
