import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ACCOUNT } from '../../../app/wiring/liveTestSupport.ts';
import { startGateCliFixture } from '../../../app/wiring/gateTestSupport.ts';
import { stopAll } from '../../../app/wiring/liveCliScenario.ts';

// Issue 14: `rampart preflight` and `rampart launch-guard` as an operator runs them (the real process,
// the local venue): exit 0 with no FAIL / ALLOW_LAUNCH, exit 1 on a FAIL / BLOCK_LAUNCH.

test('preflight and launch-guard through the CLI: PASS/WARN/FAIL lines with values and bounds, exit codes 0 and 1', async () => {
  const fixture = await startGateCliFixture();
  const { harness } = fixture;
  try {
    const gate = (command: string, ...rest: string[]) => harness.cli([command, '-c', harness.configPath, '--rules', fixture.rulesPath, '--state-dir', harness.stateDir, '--testnet-state-dir', join(harness.dir, 'testnet'), '--base-url', harness.sim.url, ...rest]);
    const passing = await gate('preflight');
    assert.equal(passing.code, 0, `no FAIL exits 0, printed:\n${passing.stdout}\n${passing.stderr}`);
    assert.match(passing.stdout, /PASS +clock offset +-?\d+ ms \(bound 100 ms\)/);
    assert.match(passing.stdout, /PASS +balance covers the stage capital +\d+(\.\d+)? USDT \(stage 1 needs 5000\)/);
    assert.match(passing.stdout, /PASS +btc data fresh +last BTCUSDT bar closed 0\.\d\d h ago \(bound 2\.00 h\)/);
    assert.match(passing.stdout, /PASS +testnet trades +3 filled on the testnet \(at least 3/);
    assert.match(passing.stdout, /WARN +health endpoint reachable +not configured/);
    assert.match(passing.stdout, /no FAIL \(\d+ warning\(s\)\): preflight passed/);

    const json = await gate('preflight', '--json');
    const report = JSON.parse(json.stdout) as { passed: boolean; checks: Array<{ name: string; status: string }> };
    assert.equal(report.passed, true);
    assert.ok(report.checks.every((check) => ['PASS', 'WARN', 'FAIL'].includes(check.status)));

    await harness.store.recordTradingState({ account: ACCOUNT, atMs: Date.now(), state: 'HALTED', reason: 'kill', actor: 'ops' });
    const failing = await gate('preflight');
    assert.equal(failing.code, 1, 'a FAIL exits 1');
    assert.match(failing.stdout, /FAIL +trading state ACTIVE +HALTED: reset the account first/);
    const blocked = await gate('launch-guard');
    assert.equal(blocked.code, 1, 'BLOCK_LAUNCH exits 1');
    assert.match(blocked.stdout, /HARD +trading state ACTIVE: HALTED[\s\S]*BLOCK_LAUNCH$/m);
    await harness.reopenStore();
    const decisions = await harness.store.listGoLive({ account: ACCOUNT, kind: 'LAUNCH_DECISION' });
    assert.deepEqual(decisions.map((record) => record.reason), ['BLOCK_LAUNCH'], 'the decision is stored');
  } finally {
    await stopAll(harness);
    await fixture.testnetStore.close().catch(() => undefined);
  }
});
