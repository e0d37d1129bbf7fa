import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Removes the regular files directly inside dir that were last written before olderThan (temp
 * files of uploads a crash or a killed process left behind). A file still being written keeps a
 * fresh modification time and stays. Resolves to the number of files removed.
 */
export async function removeOldFiles(dir: string, olderThan: Date): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    try {
      if ((await stat(path)).mtime >= olderThan) continue;
      await rm(path);
      removed++;
    } catch (error) {
      if (!isMissing(error)) throw error; // finished (renamed) or removed by someone else meanwhile
    }
  }
  return removed;
}
