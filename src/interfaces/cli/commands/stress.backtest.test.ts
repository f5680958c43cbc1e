import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

// One test per file: the CLI's output is captured by swapping process.stdout.write, which would also
// swallow the test runner's report of an earlier test in the same file.
test("rampart stress --backtest stresses a backtest's final positions, marked at the backtest's own last bars", async () => {
  const run = await cli(['stress', '-c', 'config/r1-ensemble.yaml', '--backtest', '--from', '2023-01-01T00:00:00Z', '--to', '2023-01-25T00:00:00Z', '--json']);
  assert.ok(run.code === 0 || run.code === 1, run.out);
  // The test runner's own reports may land in the captured stdout before the command's JSON.
  const json = JSON.parse(run.out.slice(run.out.indexOf('{\n'))) as { accounts: Array<{ source: string; equity: number; positions: Array<{ quantity: number; markPrice: number }>; results: Array<{ scenario: string; pnl: number }> }> };
  const [account] = json.accounts;
  assert.match(account.source, /backtest final state/);
  assert.ok(account.positions.length > 0, 'the trend sleeves hold positions at the end of the range');
  // The correlated crash (−25 %, far from a 3× liquidation) moves each position by a quarter of its value.
  const expected = account.positions.reduce((sum, p) => sum + p.quantity * p.markPrice * -0.25, 0);
  const crash = account.results.find((r) => r.scenario === 'correlated-crash');
  assert.ok(crash !== undefined && Math.abs(crash.pnl - expected) < 1e-6, `crash PnL ${crash?.pnl}, recomputed ${expected}`);
});
