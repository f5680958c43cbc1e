import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { closedBars, recentClosedBars } from './closedBars.ts';

const BAR_MS = 60_000;
const series = allocateCandleSeries('BTCUSDT', '1m', 6);
for (let i = 0; i < 6; i++) {
  series.time[i] = i * BAR_MS;
  series.close[i] = 100 + i;
}

describe('closedBars / recentClosedBars', () => {
  test('a bar is closed once its open time plus the bar length has passed', () => {
    assert.equal(closedBars(series, BAR_MS, 3 * BAR_MS).length, 3, 'bars 0..2 closed at 3 min; bar 3 is forming');
    assert.equal(closedBars(series, BAR_MS, 3 * BAR_MS - 1).length, 2);
  });

  test('recentClosedBars is the tail of closedBars: the last count, fewer when fewer have closed', () => {
    assert.deepEqual([...recentClosedBars(series, BAR_MS, 5 * BAR_MS, 2).close], [103, 104]);
    assert.deepEqual([...recentClosedBars(series, BAR_MS, 2 * BAR_MS, 5).close], [100, 101]);
    assert.equal(recentClosedBars(series, BAR_MS, 0, 3).length, 0, 'none closed yet');
    assert.equal(recentClosedBars(series, BAR_MS, 10 * BAR_MS, 0).length, 0, 'none asked');
  });
});
