import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EquityMetrics } from './equityMetrics.ts';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import { buildBacktestReport } from '../report/buildBacktestReport.ts';
import { flatCandles, scriptedStrategy, settingsWith, sleeveInput } from '../../../test/support/engineHarness.ts';

/** Direct reference: simple returns from the initial equity, sample std, downside deviation over all n. */
function reference(initial: number, path: number[], periodsPerYear: number) {
  const returns = path.map((e, i) => e / (i === 0 ? initial : path[i - 1]) - 1);
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1));
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n);
  let peak = initial;
  let maxDrawdown = 0;
  let since = 0;
  let longest = 0;
  for (const e of path) {
    if (e >= peak) {
      peak = e;
      since = 0;
      continue;
    }
    since++;
    longest = Math.max(longest, since);
    maxDrawdown = Math.max(maxDrawdown, 1 - e / peak);
  }
  return { sharpe: (mean / std) * Math.sqrt(periodsPerYear), sortino: (mean / downside) * Math.sqrt(periodsPerYear), maxDrawdown, longest };
}

describe('EquityMetrics', () => {
  // Peak 120 at bar 2, trough 90 (−25%) at bar 4, back above 120 at bar 8: 5 bars under water.
  const path = [110, 120, 100, 90, 95, 105, 118, 125, 121, 123];

  test('Sharpe and Sortino are annualised with sqrt(bars per year): hourly → sqrt(8760)', () => {
    const metrics = new EquityMetrics(100);
    for (const e of path) metrics.onBar(e, true);
    const expected = reference(100, path, 8_760);
    assert.ok(Math.abs(metrics.sharpe(8_760) - expected.sharpe) < 1e-9, `sharpe ${metrics.sharpe(8_760)} vs ${expected.sharpe}`);
    assert.ok(Math.abs(metrics.sortino(8_760) - expected.sortino) < 1e-9, `sortino ${metrics.sortino(8_760)} vs ${expected.sortino}`);
    assert.ok(Math.abs(metrics.sharpe(252) / metrics.sharpe(8_760) - Math.sqrt(252 / 8_760)) < 1e-12, 'scales with sqrt(periods)');
  });

  test('max drawdown is the deepest fall from a running peak and its duration the longest time under it', () => {
    const metrics = new EquityMetrics(100);
    for (const e of path) metrics.onBar(e, false);
    const expected = reference(100, path, 8_760);
    assert.ok(Math.abs(metrics.maxDrawdown - 0.25) < 1e-12, `drawdown 1 − 90/120 = 25%, was ${metrics.maxDrawdown}`);
    assert.equal(metrics.maxDrawdown, expected.maxDrawdown, 'matches the reference');
    assert.equal(metrics.maxDrawdownDurationBars, 5, 'bars 3..7 under the 120 peak (the 121 after 125 is 1 bar)');
  });

  test('the report gives win rate and profit factor from trade PnL, and Sharpe from the bar equity path', () => {
    // Trades: +10×… win, loss, win, on flat bars at chosen prices (weight 0.1 keeps the quantities 10 at 100).
    const prices = [100, 100, 110, 110, 110, 105, 105, 100, 100, 100, 120, 120];
    const strategy = scriptedStrategy({ 0: 1, 1: 0, 3: 1, 4: 0, 7: 1, 9: 0 });
    const settings = settingsWith();
    const result = runBacktestKernel([sleeveInput(flatCandles(prices), strategy, { weight: 0.1 })], settings);
    const report = buildBacktestReport(result, settings, { name: 't', configHash: '', currency: 'USDT', barIntervalMs: 3_600_000, dataSources: [] });
    // Hand: long 10 @100 → 110 (+100); long 10 (0.1×10100/110 = 9.181) @110 → 105; long @100 → 120.
    const q2 = Math.floor(((0.1 * 10_100) / 110) * 1000) / 1000;
    const pnl2 = q2 * (105 - 110);
    const q3 = Math.floor(((0.1 * (10_100 + pnl2)) / 100) * 1000 + 1e-6) / 1000;
    const pnl3 = q3 * 20;
    const pnls = result.trades.map((t) => t.pnl);
    assert.equal(pnls.length, 3, 'three trades');
    [100, pnl2, pnl3].forEach((p, k) => assert.ok(Math.abs(pnls[k] - p) < 1e-6, `trade ${k} pnl ${pnls[k]}, expected ${p}`));
    assert.ok(Math.abs(report.metrics.winRatePct - 200 / 3) < 1e-5, `2 of 3 trades win, was ${report.metrics.winRatePct}%`);
    assert.ok(Math.abs(report.metrics.profitFactor - (100 + pnl3) / -pnl2) < 1e-5, `profit factor ${report.metrics.profitFactor}`);
    const equity = report.equity.map((point) => point.equity);
    const expected = reference(10_000, equity, 8_760);
    assert.ok(Math.abs(report.metrics.sharpe - expected.sharpe) < 1e-5, `report sharpe ${report.metrics.sharpe} vs ${expected.sharpe}`);
    assert.ok(Math.abs(report.metrics.maxDrawdownPct - expected.maxDrawdown * 100) < 1e-5, 'report drawdown in percent');
  });

  test('a batch of bars gives bit for bit what the same bars give one at a time', () => {
    // A random walk with a crash and a recovery: new peaks, long drawdowns and negative returns.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const path: number[] = [];
    let equity = 1_000;
    for (let i = 0; i < 5_000; i++) {
      equity *= i > 2_000 && i < 2_100 ? 0.97 : 1 + (random() - 0.49) * 0.02;
      path.push(equity);
    }
    const single = new EquityMetrics(1_000);
    path.forEach((value, i) => single.onBar(value, i % 3 !== 0));
    const batched = new EquityMetrics(1_000);
    // Uneven batches, as the kernel flushes at samples and chunk ends.
    for (let start = 0, size = 1; start < path.length; start += size, size = (size * 7) % 613 + 1) {
      const batch = Float64Array.from(path.slice(start, start + size));
      const inMarket = path.slice(start, start + size).filter((_, j) => (start + j) % 3 !== 0).length;
      batched.onBars(batch, batch.length, inMarket);
    }
    assert.ok(single.maxDrawdown > 0.9, `the crash is in the path (${single.maxDrawdown})`);
    for (const read of [(m: EquityMetrics) => m.sharpe(8_760), (m: EquityMetrics) => m.sortino(8_760), (m: EquityMetrics) => m.maxDrawdown, (m: EquityMetrics) => m.maxDrawdownDurationBars, (m: EquityMetrics) => m.bars, (m: EquityMetrics) => m.barsInMarket, (m: EquityMetrics) => m.peakEquity]) {
      assert.equal(read(batched), read(single));
    }
  });
});
