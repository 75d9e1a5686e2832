// Builds only the renderer (what `electron-vite build` puts in out/renderer), with the same
// config, so e2e tests and the preview do not depend on the main process building.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../electron.vite.config.js';
import { DEFAULT_RENDERER_DIR, REPO_ROOT } from './paths.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when out/renderer is missing or older than any file under renderer/ or preload/. */
export function rendererIsStale(outDir = DEFAULT_RENDERER_DIR): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [join(REPO_ROOT, 'renderer'), join(REPO_ROOT, 'preload')].some((dir) => newestMtime(dir) > built);
}

export async function buildRenderer(outDir = DEFAULT_RENDERER_DIR): Promise<void> {
  const config = electronViteConfig as { renderer?: InlineConfig };
  await build({
    ...config.renderer,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { ...config.renderer?.build, outDir, emptyOutDir: true },
  });
}

/** Builds the renderer unless the last build is newer than its sources. */
export async function ensureRendererBuilt(outDir = DEFAULT_RENDERER_DIR): Promise<string> {
  if (process.env.HARNESS_SKIP_BUILD !== '1' && rendererIsStale(outDir)) await buildRenderer(outDir);
  return outDir;
}
