import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktestJob } from '../../src/app/main.ts';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rampart-readme-example-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The YAML block that follows "The shipped example:" in the README's Config section, verbatim. */
function shippedExample(): string {
  const match = /The shipped example:\s*```yaml\n([\s\S]*?)```/.exec(readme);
  assert.ok(match, 'the README has a "The shipped example:" YAML block');
  return match[1];
}

describe('README config example', () => {
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
