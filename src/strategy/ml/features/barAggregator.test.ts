import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bar } from '../../strategy.ts';
import { BarAggregator } from './barAggregator.ts';

const H = 3_600_000;
const bar = (hour: number, close: number): Bar => ({ time: hour * H, open: close - 1, high: close + 1, low: close - 2, close, volume: 1 });

function feed(hours: [number, number][]): { seen: string[]; closes: number[] } {
  const seen: string[] = [];
  const closes: number[] = [];
  let afterHour = -1;
  const aggregator = new BarAggregator(4 * H, H, (higher) => {
    seen.push(`${higher.time / H}h seen at ${afterHour}h`);
    closes.push(higher.close);
  });
  for (const [hour, close] of hours) {
    afterHour = hour;
    aggregator.add(bar(hour, close));
  }
  return { seen, closes };
}

describe('BarAggregator', () => {
  it('hands over a 4h bar at the close of its last hour, not before', () => {
    const { seen, closes } = feed([[0, 10], [1, 11], [2, 12], [3, 13], [4, 14], [5, 15]]);
    assert.deepEqual(seen, ['0h seen at 3h']);
    assert.deepEqual(closes, [13]);
  });

  it('hands over a bucket whose last hour is missing on the first bar after it (a gap)', () => {
    const { seen } = feed([[0, 10], [1, 11], [2, 12], [9, 13], [10, 14], [11, 15]]);
    assert.deepEqual(seen, ['0h seen at 9h', '8h seen at 11h']);
  });

  it('builds high, low and volume over the bucket', () => {
    const highs: number[] = [];
    const aggregator = new BarAggregator(4 * H, H, (higher) => highs.push(higher.high, higher.low, higher.volume, higher.open));
    [5, 9, 7, 6].forEach((close, hour) => aggregator.add(bar(hour, close)));
    assert.deepEqual(highs, [10, 3, 4, 4]);
  });
});
