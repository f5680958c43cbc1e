import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktestKernel } from '../backtest/runBacktestKernel.ts';
import { candlesFrom, HOUR_MS, scriptedStrategy, settingsWith, sleeveInput, START_MS } from '../../../test/support/engineHarness.ts';

// 30 hourly bars from 00:00 UTC; opens 100 + i so the price used at each funding time is visible.
const rows = Array.from({ length: 30 }, (_, i) => [100 + i, 100 + i, 100 + i, 100 + i] as const);
const rate = 0.0001;
const settings = settingsWith({ funding: { enabled: true, constantRate: rate, intervalMs: 8 * HOUR_MS } });

describe('funding in the engine', () => {
  test('a long held across funding times pays qty × mark × rate at each 8h time (mark = that bar open without mark data)', () => {
    // Long from bar 1 open (101): qty = 10000 / 101 = 99.0099 → 99.009; funding at bars 8, 16, 24.
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), scriptedStrategy({ 0: 1 }))], settings);
    const qty = 99.009;
    const expected = qty * rate * (108 + 116 + 124);
    const book = result.sleeves[0];
    assert.ok(Math.abs(book.fundingPaid - expected) < 1e-9, `funding paid ${book.fundingPaid}, expected ${expected}`);
    // The position rose by 29 − 1 = 28 per unit from 101 to the last close 129.
    const finalExpected = 10_000 + qty * (129 - 101) - expected;
    assert.ok(Math.abs(result.finalEquity - finalExpected) < 1e-6, `final equity ${result.finalEquity}, expected ${finalExpected}`);
  });

  test('a short receives the same amount', () => {
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), scriptedStrategy({ 0: -1 }))], settings);
    const expected = -99.009 * rate * (108 + 116 + 124);
    assert.ok(Math.abs(result.sleeves[0].fundingPaid - expected) < 1e-9, `funding paid ${result.sleeves[0].fundingPaid}, expected ${expected} (received)`);
  });

  test('no funding is charged while flat', () => {
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), scriptedStrategy({ 9: 1, 14: 0 }))], settings);
    // Held from bar 10 open to bar 15 open: no funding time (8h grid: bars 8, 16, 24) inside.
    assert.equal(result.sleeves[0].fundingPaid, 0, 'nothing paid');
  });

  test('with a funding series and a mark series, each rate is charged on the mark open at its funding time', () => {
    const funding = {
      symbol: 'TESTUSDT',
      length: 3,
      time: Float64Array.from([8, 16, 24], (h) => START_MS + h * HOUR_MS),
      rate: Float64Array.from([0.0002, -0.0001, 0.0003]),
    };
    // Mark opens 500 + i: far from the trade prices, so using the wrong price shows.
    const mark = candlesFrom(Array.from({ length: 30 }, (_, i) => [500 + i, 500 + i, 500 + i, 500 + i] as const));
    const result = runBacktestKernel([sleeveInput(candlesFrom(rows), scriptedStrategy({ 0: 1 }), { funding, mark })], settings);
    const qty = 99.009;
    const expected = qty * (508 * 0.0002 + 516 * -0.0001 + 524 * 0.0003);
    const paid = result.sleeves[0].fundingPaid;
    assert.ok(Math.abs(paid - expected) < 1e-9, `funding paid ${paid}, expected ${expected} from the mark opens`);
    assert.ok(Math.abs(result.trades[0].funding - expected) < 1e-9, 'the trade carries its funding');
  });
});
