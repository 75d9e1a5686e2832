// Replacing a file whole: written to `<file>.tmp-<pid>`, fsynced, and renamed over it, so a
// reader never sees half of it and a failed write keeps the old file and leaves nothing behind.
import { open, rename, unlink, writeFile } from 'node:fs/promises';

/** Between the file's name and the writer's pid in the temporary name. */
export const TEMP_MARK = '.tmp-';

export async function replaceFile(filePath: string, text: string): Promise<void> {
  const tmp = `${filePath}${TEMP_MARK}${process.pid}`;
  try {
    await writeFile(tmp, text, { flag: 'w' });
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, filePath);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
