import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliInProcess as cli } from '../../../test/support/cliInProcess.ts';

test('run --real and run --paper refuse with exit 2 and the key path when an alert channel\'s secret is not set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-alerts-cli-'));
  try {
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, ['name: alerts-refusal', 'sleeves:', '  - {name: btc, symbol: BTCUSDT, weight: 0.1, strategy: sma-cross}', 'alerts: {channels: [{type: slack, webhookUrlEnv: RAMPART_TEST_UNSET_SLACK_URL}]}'].join('\n'));
    // A local venue (nothing listens there): the refusal comes before any connection.
    for (const mode of [['--real', '--base-url', 'http://127.0.0.1:9'], ['--paper']]) {
      const run = await cli(['run', ...mode, '--once', '-c', configPath, '--state-dir', join(dir, 'state')]);
      assert.equal(run.code, 2, `${mode}:\n${run.out}`);
      assert.match(run.out, /alerts\.channels\[0\]\.webhookUrlEnv needs the environment variable RAMPART_TEST_UNSET_SLACK_URL, which is not set/);
    }
    writeFileSync(configPath, ['name: alerts-refusal', 'sleeves:', '  - {name: btc, symbol: BTCUSDT, weight: 0.1, strategy: sma-cross}', 'alerts: {channels: [{type: email, host: smtp.example.test, from: nobody, to: [ops@example.test]}]}'].join('\n'));
    const bad = await cli(['run', '--paper', '--once', '-c', configPath, '--state-dir', join(dir, 'state')]);
    assert.equal(bad.code, 2, bad.out);
    assert.match(bad.out, /alerts\.channels\[0\]\.from/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
