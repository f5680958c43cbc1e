import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregatePriceCandles, chartInterval, type PricedSleeve } from './aggregatePriceCandles.ts';

const HOUR_MS = 3_600_000;

function hourlySleeve(bars: number): PricedSleeve {
  const timeMs = Float64Array.from({ length: bars }, (_, i) => Date.UTC(2024, 0, 1) + i * HOUR_MS);
  const close = Float64Array.from({ length: bars }, (_, i) => 100 + i);
  return {
    name: 'BTC',
    symbol: 'BTCUSDT',
    length: bars,
    timeMs,
    openPrice: close.map((value) => value - 0.5),
    highPrice: close.map((value, i) => (i === 7 ? 1_000 : value + 1)),
    lowPrice: close.map((value, i) => (i === 30 ? 1 : value - 1)),
    closePrice: close,
  };
}

describe('aggregatePriceCandles', () => {
  test('keeps the data as it is when its bars fit the limit', () => {
    const [candles] = aggregatePriceCandles([hourlySleeve(48)], HOUR_MS, 100);
    assert.equal(candles.intervalMs, HOUR_MS);
    assert.equal(candles.timeMs.length, 48);
    assert.equal(candles.high[7], 1_000);
  });

  test('aggregates a long run to a calendar interval, keeping first open, extremes and last close', () => {
    const [candles] = aggregatePriceCandles([hourlySleeve(48)], HOUR_MS, 10);
    assert.equal(candles.intervalMs, 6 * HOUR_MS, '48 hourly bars under 10 candles: 6h candles');
    assert.equal(candles.timeMs.length, 8);
    assert.equal(candles.sourceBars, 48);
    assert.equal(candles.open[1], 105.5, 'the first open of hours 6..11');
    assert.equal(candles.close[1], 111, 'the last close of hours 6..11');
    assert.equal(candles.high[1], 1_000, 'the spike at hour 7 survives');
    assert.equal(candles.low[5], 1, 'the dip at hour 30 survives');
  });

  test('chooses a multiple of the bar interval, so every candle holds whole bars', () => {
    assert.equal(chartInterval(3 * HOUR_MS, 3_000 * 3 * HOUR_MS, 2_250), 6 * HOUR_MS, '3h bars needing 4h candles go into 6h ones');
  });
});
