import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of ../shared beside the project root, or undefined when it is absent. */
export const sharedDir: string | undefined = (() => {
  const dir = fileURLToPath(new URL('../../../shared', import.meta.url));
  return existsSync(join(dir, 'INVENTORY.json')) || existsSync(join(dir, 'data')) ? dir : undefined;
})();

/**
 * `skip` option for node:test: tests that read ../shared are skipped with a visible notice when it
 * is absent, so the project still tests without it.
 */
export const skipWithoutShared: string | false = sharedDir
  ? false
  : 'skipped: ../shared is absent (reference data and expected values live there)';

/** Path inside ../shared; only call from tests guarded by skipWithoutShared. */
export function sharedPath(...parts: string[]): string {
  if (!sharedDir) throw new Error('../shared is absent');
  return join(sharedDir, ...parts);
}
