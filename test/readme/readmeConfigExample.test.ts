import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktestJob } from '../../src/app/main.ts';
import { skipWithoutShared } from '../support/sharedData.ts';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rampart-readme-example-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The YAML block that follows "The shipped example:" in the README's Config section, verbatim. */
function shippedExample(): string {
  const match = /The shipped example:\s*```yaml\n([\s\S]*?)```/.exec(readme);
  assert.ok(match, 'the README has a "The shipped example:" YAML block');
  return match[1];
}

/** The research example (`name: goog-sma-cross`), indented in a list item, without its indent. */
function researchExample(): string {
  const match = /  ```yaml\n(  name: goog-sma-cross[\s\S]*?)  ```/.exec(readme);
  assert.ok(match, 'the README has the goog-sma-cross example');
  return `${match[1].split('\n').map((line) => line.slice(2)).join('\n')}`;
}

describe('README config example', () => {
  test('the research example reproduces backtesting.py\'s GOOG result as the README says', { skip: skipWithoutShared }, async () => {
    // Its data path is relative to the project root, where the README has the reader put the file.
    const path = fileURLToPath(new URL(`../../.readme-research-${process.pid}.yaml`, import.meta.url));
    writeFileSync(path, researchExample());
    try {
      const result = await runBacktestJob({ configPath: path, jsonPath: join(dir, 'g.json'), htmlPath: join(dir, 'g.html') });
      const { metrics } = result.report;
      assert.deepEqual([metrics.trades, metrics.finalEquity.toFixed(2), Math.abs(metrics.maxDrawdownPct).toFixed(2), metrics.winRatePct.toFixed(2)], [66, '51422.99', '47.98', '46.97']);
      assert.match(result.summary, /^RESEARCH: /m);
    } finally {
      rmSync(path, { force: true });
    }
  });

  test('copied verbatim, backtests with trades and no profile refusal', async () => {
    const path = join(dir, 'example.yaml');
    writeFileSync(path, shippedExample());
    const cwd = process.cwd();
    // data.store is relative to the working directory: an empty one, so the example runs as a fresh clone does.
    process.chdir(dir);
    try {
      const result = await runBacktestJob({ configPath: path, to: '2023-04-01T00:00:00Z', jsonPath: join(dir, 'r.json'), htmlPath: join(dir, 'r.html') });
      assert.ok(result.report.metrics.trades > 0, `trades: ${result.report.metrics.trades}`);
      const entriesDenied = Object.entries(result.report.risk?.denialsByCode ?? {}).filter(([code]) => code === 'LEVERAGE_EXCEEDED');
      assert.deepEqual(entriesDenied, [], 'no entry denied for leverage');
    } finally {
      process.chdir(cwd);
    }
  });
});
