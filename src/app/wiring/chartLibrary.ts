import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * lightweight-charts' standalone production build (it defines `window.LightweightCharts`), read from the
 * installed package once per process: the HTML report inlines it so its charts work offline.
 */
export function chartLibraryJs(): string {
  if (cached === undefined) {
    // The package exports only its ES module entry and package.json; the standalone build sits beside them in dist/.
    const packageJson = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    cached = readFileSync(join(dirname(packageJson), 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
  }
  return cached;
}
