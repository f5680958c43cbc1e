import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DonchianChannel } from './donchianChannel.ts';
import { rollingMaxSeries } from './rollingMax.ts';
import { rollingMinSeries } from './rollingMin.ts';
import { randomWalk } from './testing/assertSeries.ts';

test('equals RollingMax of the highs and RollingMin of the lows value for value, for many periods', () => {
  const closes = randomWalk(2_000, 7);
  const highs = closes.map((close, i) => close * (1 + 0.002 * ((i * 7919) % 13) / 13));
  const lows = closes.map((close, i) => close * (1 - 0.002 * ((i * 104729) % 17) / 17));
  for (const period of [1, 2, 3, 7, 64, 333, 1_999, 2_000, 2_500]) {
    const expectedUpper = rollingMaxSeries(highs, period);
    const expectedLower = rollingMinSeries(lows, period);
    const channel = new DonchianChannel(period);
    for (let i = 0; i < closes.length; i++) {
      channel.update(highs[i], lows[i]);
      assert.ok(Object.is(channel.upper, expectedUpper[i]), `upper(${period}) at ${i}: ${channel.upper} vs ${expectedUpper[i]}`);
      assert.ok(Object.is(channel.lower, expectedLower[i]), `lower(${period}) at ${i}: ${channel.lower} vs ${expectedLower[i]}`);
      assert.equal(channel.isStable, i + 1 >= period);
    }
  }
});

test('a new extreme leaves the channel exactly period bars later', () => {
  const channel = new DonchianChannel(3);
  const bars: Array<[number, number]> = [[10, 9], [50, 1], [11, 9], [12, 9], [13, 9]];
  const uppers: number[] = [];
  const lowers: number[] = [];
  for (const [high, low] of bars) {
    channel.update(high, low);
    uppers.push(channel.upper);
    lowers.push(channel.lower);
  }
  assert.deepEqual(uppers, [NaN, NaN, 50, 50, 13]);
  assert.deepEqual(lowers, [NaN, NaN, 1, 1, 9]);
});

test('refuses a period that is not a whole number of at least one', () => {
  assert.throws(() => new DonchianChannel(0), /DonchianChannel/);
  assert.throws(() => new DonchianChannel(2.5), /DonchianChannel/);
});
