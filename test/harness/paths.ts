import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where `electron-vite build` (and buildRenderer) put the renderer. */
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');
