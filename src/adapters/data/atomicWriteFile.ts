import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

/**
 * Writes `bytes` to `path` so readers see either the old file or the whole new one, never a torn
 * write: data goes to a temp file beside it, is fsynced, then renamed over the target.
 */
export async function atomicWriteFile(path: string, bytes: Uint8Array): Promise<void> {
  const tempPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(tempPath, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
