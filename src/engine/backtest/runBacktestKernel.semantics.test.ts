import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel } from './runBacktestKernel.ts';
import { smaCross } from '../../strategy/builtin/smaCross.ts';
import { candlesFrom, DEFAULT_FILTERS, flatCandles, HOUR_MS, onGrid, scriptedStrategy, settingsWith, sleeveInput, START_MS } from '../../../test/support/engineHarness.ts';

const at = (i: number) => START_MS + i * HOUR_MS;
const close = (actual: number, expected: number, message: string, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: expected ${expected}, was ${actual}`);

describe('order timing', () => {
  test('a decision at bar t close fills at bar t+1 open, moved against the taker by slippage and put on the tick grid', () => {
    // Opens differ from closes so a fill at the wrong price is visible.
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 101, 99, 100.5],
      [102.37, 103, 102, 102.9],
      [103, 104, 102, 103.5],
    ]);
    const strategy = scriptedStrategy({ 1: 1 });
    const result = runBacktestKernel([sleeveInput(candles, strategy)], settingsWith({ slippageBps: 10 }));
    assert.equal(result.decisions.length, 1, 'one decision');
    assert.equal(result.decisions[0].timeMs, at(1), 'decided at the close of bar 1');
    const entry = result.fills[0];
    assert.equal(entry.timeMs, at(2), 'filled at the open of bar 2, not at bar 1');
    // 102.37 × 1.001 = 102.47237 → next tick up (buys round up) = 102.5
    close(entry.price, 102.5, 'buy fill = next open + 10 bps, rounded up to the 0.1 tick');
    // weight 1, equity 10000, leverage 1, sized at the expected fill price 102.5: 97.5609… → 97.560
    close(entry.quantity, 97.56, 'quantity = floor(equity / fill price) to the lot step');
  });

  test('tradeOn close fills at the deciding bar close', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 101, 99, 100.55],
      [102, 103, 102, 102.9],
    ]);
    const result = runBacktestKernel([sleeveInput(candles, scriptedStrategy({ 1: -1 }))], settingsWith({ tradeOn: 'close', slippageBps: 10 }));
    const entry = result.fills[0];
    assert.equal(entry.timeMs, at(1), 'filled on the bar that decided');
    // sell: 100.55 × 0.999 = 100.44945 → next tick down = 100.4
    close(entry.price, 100.4, 'sell fill = close − 10 bps, rounded down to the tick');
    assert.ok(entry.quantity < 0, 'a sell');
  });
});

describe('costs', () => {
  test('two round trips: fee = |qty| × price × feeBps/1e4 per fill, slippage against the taker, cash and final equity add up', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100], // close: go long
      [100, 100, 100, 100], // open: buy 49.95 @ 100.1
      [105, 110, 105, 110], // close: go flat
      [120, 120, 120, 120], // open: sell 49.95 @ 119.8; close: go short
      [110, 110, 110, 110], // open: sell qty2 @ 109.8; close: go flat
      [100, 100, 100, 100], // open: buy qty2 @ 100.1
      [100, 100, 100, 100],
    ]);
    const strategy = scriptedStrategy({ 0: 1, 2: 0, 3: -1, 4: 0 });
    const settings = settingsWith({ feeBps: 10, slippageBps: 10 });
    const result = runBacktestKernel([sleeveInput(candles, strategy, { weight: 0.5 })], settings);
    // Hand computation (fee 0.1%, slippage 0.1%, tick 0.1, lot 0.001); orders are sized at the
    // expected fill price:
    // trade 1: buy 100 × 1.001 = 100.1; qty = floor(0.5 × 10000 / 100.1) = 49.950; sell 120 × 0.999 = 119.88 → 119.8
    const qty1 = 49.95;
    const fee1a = qty1 * 100.1 * 0.001;
    const fee1b = qty1 * 119.8 * 0.001;
    const pnl1 = qty1 * (119.8 - 100.1) - fee1a - fee1b;
    const cash1 = 10_000 + pnl1;
    // trade 2: sell 110 × 0.999 = 109.89 → 109.8; qty = floor(0.5 × cash1 / 109.8, 0.001); buy back at 100.1
    const qty2 = Math.floor(((0.5 * cash1) / 109.8) * 1000) / 1000;
    assert.equal(qty2, 49.968, 'hand check of the reference: 0.5 × 10973.03 / 109.8');
    const fee2a = qty2 * 109.8 * 0.001;
    const fee2b = qty2 * 100.1 * 0.001;
    const pnl2 = qty2 * (109.8 - 100.1) - fee2a - fee2b; // 473.3756781
    assert.deepEqual(
      result.fills.map((f) => [f.timeMs, f.quantity, f.price]),
      [
        [at(1), qty1, 100.1],
        [at(3), -qty1, 119.8],
        [at(4), -qty2, 109.8],
        [at(5), qty2, 100.1],
      ],
      'fill times, signed quantities and slipped prices',
    );
    const fees = [fee1a, fee1b, fee2a, fee2b];
    result.fills.forEach((fill, k) => close(fill.fee, fees[k], `fee of fill ${k}`, 1e-9));
    assert.equal(result.trades.length, 2, 'two trades');
    close(result.trades[0].pnl, pnl1, 'trade 1 net pnl');
    close(result.trades[1].pnl, pnl2, 'trade 2 net pnl');
    assert.equal(result.trades[1].side, -1, 'trade 2 is a short');
    close(result.ledger.cash, 10_000 + pnl1 + pnl2, 'cash');
    close(result.finalEquity, 10_000 + pnl1 + pnl2, 'final equity = cash after both trades');
  });
});

describe('liquidation', () => {
  const settings = settingsWith({ leverage: 3, liquidation: true, maintenanceMarginRate: 0.004 });
  // Long at P = 100 (bar 1 open); liquidation at 100 × (1 − 1/3 + 0.004) = 67.0667.
  const rows = [
    [100, 100, 100, 100],
    [100, 101, 99, 100],
    [95, 96, 85, 90], // low 85 stays above the stop (80) and the liquidation price
    [90, 91, 60, 65], // low 60 crosses it
    [65, 66, 64, 65],
  ] as const;
  const liquidationPrice = 100 * (1 - 1 / 3 + 0.004);

  test('a long is liquidated on the bar whose low crosses entry × (1 − 1/leverage + mmr), losing about its margin', () => {
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), scriptedStrategy({ 0: 1 }), { weight: 0.5 })], settings);
    // qty = 0.5 × 10000 × 3 / 100 = 150; margin = 150 × 100 / 3 = 5000
    assert.equal(result.trades.length, 1, 'one trade');
    const trade = result.trades[0];
    assert.equal(trade.exitReason, 'liquidation', 'exit reason');
    assert.equal(trade.exitTimeMs, at(3), 'liquidated on bar 3, not bar 2 (low 85 > 67.07)');
    close(trade.exitPrice, Math.round(liquidationPrice / 0.1) / 10, 'exit at the liquidation price on the 0.1 tick grid', 1e-9);
    const margin = (150 * 100) / 3;
    // The loss is the margin less the maintenance margin kept (150 × 100 × 0.004 = 60), give or take
    // the liquidation price's rounding to the tick.
    close(-trade.pnl, margin - 150 * 100 * 0.004, 'loss = margin − maintenance margin', 150 * 0.05 + 1e-9);
    assert.equal(result.ledger.liquidations, 1, 'counted');
  });

  test('a stop above the liquidation price fires first, as a stop', () => {
    const strategy = scriptedStrategy({ 0: { target: 1, stopDistance: 20 } });
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), strategy, { weight: 0.5 })], settings);
    const trade = result.trades[0];
    assert.equal(trade.exitReason, 'stop', 'the stop at 80 is hit before liquidation at 67.07');
    assert.equal(trade.exitTimeMs, at(3), 'bar 3 is the first whose low reaches 80');
    close(trade.exitPrice, 80, 'filled at the stop (the bar opened above it)');
    close(trade.pnl, -150 * 20, 'loss = qty × stop distance');
    assert.equal(result.ledger.liquidations, 0, 'no liquidation');
  });
});

describe('exchange filters', () => {
  test('quantities are floored to the lot step and fill prices sit on the tick grid', () => {
    const candles = candlesFrom([
      [70, 70, 70, 70],
      [70.123, 71, 69, 70.5],
      [70.777, 71, 69, 70.5],
    ]);
    const filters = { lotStep: 0.01, tickSize: 0.05, minNotional: 0 };
    const result = runBacktestKernel([sleeveInput(candles, scriptedStrategy({ 0: 1, 1: -1 }), { weight: 0.333, filters })], settingsWith({ slippageBps: 3 }));
    // buy 70.123 × 1.0003 = 70.144 → 70.15 on the 0.05 grid; 0.333 × 10000 / 70.15 = 47.469… → 47.46
    close(result.fills[0].quantity, 47.46, 'entry quantity floored to 0.01');
    for (const fill of result.fills) {
      if (fill.reason === 'end_of_data') continue;
      assert.ok(onGrid(fill.price, 0.05), `fill price ${fill.price} (${fill.reason}) on the 0.05 grid`);
      assert.ok(onGrid(fill.quantity, 0.01), `fill quantity ${fill.quantity} on the 0.01 grid`);
    }
  });

  test('an entry under minNotional is skipped and counted', () => {
    const filters = { ...DEFAULT_FILTERS, minNotional: 1_000 };
    // 0.05 × 10000 = 500 notional < 1000
    const result = runBacktestKernel([sleeveInput(flatCandles([100, 100, 100]), scriptedStrategy({ 0: 1 }), { weight: 0.05, filters })], settingsWith());
    assert.equal(result.fills.length, 0, 'no fill');
    assert.equal(result.sleeves[0].skippedOrders, 1, 'one skipped order');
  });

  test('a reduce-only close under minNotional still fills', () => {
    const filters = { ...DEFAULT_FILTERS, minNotional: 1_500 };
    // Long 20 @ 100 (2000 notional); the price halves, so closing 20 @ 50 is 1000 < 1500.
    const result = runBacktestKernel([sleeveInput(flatCandles([100, 100, 50, 50, 50]), scriptedStrategy({ 0: 1, 2: 0 }), { weight: 0.2, filters })], settingsWith());
    assert.equal(result.fills.length, 2, 'entry and close');
    assert.equal(result.fills[1].quantity, -20, 'the close sold everything');
    assert.equal(result.trades[0].exitReason, 'signal', 'closed by the signal, not at end of data');
    assert.equal(result.sleeves[0].skippedOrders, 0, 'nothing skipped');
  });
});

describe('all_in sizing', () => {
  test('a reversal closes first and sizes the new position from the equity left after the closing fill', () => {
    const settings = settingsWith({ sizing: { mode: 'all_in', notional: 0, riskPerTrade: 0 }, leverage: 2 });
    // long at 100 (bar 1), reverse to short at 130 (bar 3)
    const candles = flatCandles([100, 100, 115, 130, 130]);
    const result = runBacktestKernel([sleeveInput(candles, scriptedStrategy({ 0: 1, 2: -1 }))], settings);
    const longQty = Math.floor((10_000 * 2) / 100 / 0.001) * 0.001; // 200
    const equityAfterClose = 10_000 + longQty * (130 - 100); // 16000
    const shortQty = Math.floor(((equityAfterClose * 2) / 130) * 1000 + 1e-9) / 1000; // 246.153
    assert.equal(result.fills.length, 4, 'long entry, reversing close, short entry, end-of-data close');
    close(result.fills[0].quantity, longQty, 'long = floor(equity × leverage / price)');
    assert.equal(result.fills[1].timeMs, result.fills[2].timeMs, 'close and re-entry in the same bar');
    close(result.fills[1].quantity, -longQty, 'the close comes first');
    close(result.fills[2].quantity, -shortQty, 'short = floor(equity after close × leverage / fill price)');
  });
});

describe('sma_cross', () => {
  test('closes the opposite position before opening the new one: two fills in the same bar, exit reason reverse', () => {
    const closes = [12, 11, 10, 11, 12, 13, 14, 13, 12, 11, 10, 9, 8, 9, 10];
    const strategy = smaCross.create(smaCross.paramsSchema.parse({ fast: 2, slow: 3 }));
    const result = runBacktestKernel([sleeveInput(flatCandles(closes), strategy)], settingsWith());
    // Reference crosses with plain SMAs.
    const sma = (n: number, i: number) => (i + 1 >= n ? closes.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n : Number.NaN);
    const crosses: Array<[number, number]> = [];
    for (let i = 1; i < closes.length; i++) {
      if (sma(2, i - 1) < sma(3, i - 1) && sma(2, i) > sma(3, i)) crosses.push([i, 1]);
      if (sma(2, i - 1) > sma(3, i - 1) && sma(2, i) < sma(3, i)) crosses.push([i, -1]);
    }
    const down = crosses.find(([, side]) => side === -1);
    assert.ok(crosses[0]?.[1] === 1 && down, `the series has an up cross then a down cross, was ${JSON.stringify(crosses)}`);
    const reverseTime = at(down[0] + 1);
    const inBar = result.fills.filter((f) => f.timeMs === reverseTime);
    assert.equal(inBar.length, 2, 'two fills at the open after the down cross');
    assert.ok(inBar[0].quantity < 0 && inBar[0].reason === 'reverse', 'first the long is sold, marked reverse');
    assert.ok(inBar[1].quantity < 0 && inBar[1].reason === 'entry', 'then the short is opened');
    assert.equal(result.trades[0].exitReason, 'reverse', 'the long trade ends by reversal');
    assert.equal(result.trades[0].exitTimeMs, reverseTime, 'at that open');
  });
});

describe('end of data', () => {
  test('open positions are closed at the last bar close, marked end_of_data', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [101, 103, 100, 102.34],
    ]);
    const result = runBacktestKernel([sleeveInput(candles, scriptedStrategy({ 0: 1 }), { weight: 0.5 })], settingsWith({ feeBps: 5 }));
    const trade = result.trades.at(-1);
    assert.ok(trade, 'a trade');
    assert.equal(trade.exitReason, 'end_of_data', 'reason');
    assert.equal(trade.exitTimeMs, at(2), 'at the last bar');
    assert.equal(trade.exitPrice, 102.34, 'at its close');
    const qty = 50; // 0.5 × 10000 / 100
    close(result.finalEquity, 10_000 + qty * 2.34 - qty * 100 * 0.0005 - qty * 102.34 * 0.0005, 'final equity after both fees');
  });
});

describe('warm-up', () => {
  test('closes before tradeFromMs warm the strategy up but place no order', () => {
    const candles = flatCandles([100, 100, 100, 100, 100]);
    const strategy = scriptedStrategy({ 0: 1, 2: -1 });
    const result = runBacktestKernel([sleeveInput(candles, strategy)], settingsWith(), { tradeFromMs: at(1) });
    assert.deepEqual(
      result.decisions.map((d) => [d.timeMs, d.target]),
      [[at(2), -1]],
      'the bar-0 signal fell in the warm-up; the bar-2 reversal is the first decision',
    );
    assert.equal(result.fills[0].timeMs, at(3), 'first fill at the open after the first tradable close');
  });
});

describe('portfolio clock', () => {
  const fixed = settingsWith({ sizing: { mode: 'fixed_notional', notional: 1_000, riskPerTrade: 0.01 } });
  const walk = (n: number, phase: number) => flatCandles(Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 3 + phase)));
  const flips = { 2: 1, 6: -1, 11: 1, 15: 0, 19: -1 };
  const fillsOf = (result: ReturnType<typeof runBacktestKernel>, sleeve: string) =>
    result.fills.filter((fill) => fill.sleeve === sleeve).map((fill) => [fill.timeMs, fill.quantity, fill.price, fill.reason]);

  test('a sleeve missing bars sees only its own bars, and its neighbour trades as it would alone', () => {
    const full = walk(24, 0);
    const gappy = walk(24, 1);
    // Drop bars 5..8 of the second sleeve: the portfolio clock still has them from the first.
    const keep = [...gappy.time.keys()].filter((i) => i < 5 || i > 8);
    const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]);
    const holed = { ...gappy, symbol: 'HOLEUSDT', time: pick(gappy.time), open: pick(gappy.open), high: pick(gappy.high), low: pick(gappy.low), close: pick(gappy.close), volume: pick(gappy.volume) };
    const holedStrategy = scriptedStrategy(flips);
    const together = runBacktestKernel(
      [sleeveInput(full, scriptedStrategy(flips), { name: 'A' }), sleeveInput(holed, holedStrategy, { name: 'B', symbol: 'HOLEUSDT' })],
      fixed,
    );
    const alone = runBacktestKernel([sleeveInput(full, scriptedStrategy(flips), { name: 'A' })], fixed);
    assert.deepEqual(holedStrategy.seenTimes, [...holed.time], 'B decided on its own bars only');
    assert.ok(fillsOf(together, 'B').length >= 4, 'B traded');
    for (const [timeMs] of fillsOf(together, 'B')) assert.ok(holed.time.includes(timeMs as number), `B filled at one of its bar opens (${timeMs})`);
    assert.deepEqual(fillsOf(together, 'A'), fillsOf(alone, 'A'), 'A trades as it does alone');
    assert.equal(together.timeline.length, 24, 'the clock is the union of both sleeves');
  });

  test('two sleeves on the same bars trade as each does alone, and the books add up', () => {
    const first = walk(24, 0);
    const second = { ...walk(24, 2), symbol: 'TWOUSDT' };
    const together = runBacktestKernel(
      [sleeveInput(first, scriptedStrategy(flips), { name: 'A' }), sleeveInput(second, scriptedStrategy({ 1: -1, 9: 1, 20: 0 }), { name: 'B', symbol: 'TWOUSDT' })],
      fixed,
    );
    const aloneA = runBacktestKernel([sleeveInput(first, scriptedStrategy(flips), { name: 'A' })], fixed);
    const aloneB = runBacktestKernel([sleeveInput(second, scriptedStrategy({ 1: -1, 9: 1, 20: 0 }), { name: 'B', symbol: 'TWOUSDT' })], fixed);
    assert.deepEqual(fillsOf(together, 'A'), fillsOf(aloneA, 'A'));
    assert.deepEqual(fillsOf(together, 'B'), fillsOf(aloneB, 'B'));
    const initial = fixed.initialCapital;
    close(together.finalEquity - initial, aloneA.finalEquity - initial + (aloneB.finalEquity - initial), 'portfolio PnL is the sum of the sleeves', 1e-6);
  });
});
