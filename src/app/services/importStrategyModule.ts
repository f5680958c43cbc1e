import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

let hooksRegistered = false;

/**
 * Imports a user strategy file from any folder: TypeScript or JavaScript, an ES module even where no
 * package.json says so, with `rampart/strategy` resolving to this package (strategyModuleHooks.ts).
 * TypeScript itself is compiled by tsx, which the CLI registers at start (bin/rampart.mjs) and tests load
 * with `--import tsx`.
 */
export async function importStrategyModule(file: string): Promise<Record<string, unknown>> {
  if (!hooksRegistered) {
    register('./strategyModuleHooks.ts', import.meta.url);
    hooksRegistered = true;
  }
  const url = pathToFileURL(file);
  url.searchParams.set('rampart-strategy', '');
  return (await import(url.href)) as Record<string, unknown>;
}
