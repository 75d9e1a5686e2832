// Replacing a file whole: written to `<file>.tmp-<pid>`, fsynced, and renamed over it, so a
// reader never sees half of it and a failed write keeps the old file and leaves nothing behind.
import { createHash } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Between the file's name and the writer's pid in the temporary name. */
export const TEMP_MARK = '.tmp-';

/** The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes or UTF-16 units). */
const MAX_NAME_BYTES = 255;

/** `<file>.tmp-<pid>`, or a short name beside it when that would be longer than a name may be. */
function tempPath(filePath: string): string {
  const name = `${path.basename(filePath)}${TEMP_MARK}${process.pid}`;
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return path.join(path.dirname(filePath), name);
  // Named after the file's own name, so two long names replaced at once do not share a temp.
  const tag = createHash('sha256').update(path.basename(filePath)).digest('hex').slice(0, 16);
  return path.join(path.dirname(filePath), `.replace-${tag}${TEMP_MARK}${process.pid}`);
}

export async function replaceFile(filePath: string, text: string): Promise<void> {
  // A name the disk takes must not fail only because the temporary name is longer.
  const tmp = tempPath(filePath);
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
