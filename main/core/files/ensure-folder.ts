// Creates the save folder. Node's recursive mkdir reports ENOENT for failures deeper in the
// path (a read-only disk among them), which would read "no such file" to a user; creating the
// missing levels one by one surfaces the real error (EROFS, EACCES, ENOTDIR...).
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function ensureFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const missing: string[] = [];
  let dir = path.resolve(folder);
  while (!(await exists(dir))) {
    missing.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const level of missing) await mkdir(level);
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
