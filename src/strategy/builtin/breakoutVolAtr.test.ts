import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { breakoutVolAtr } from './breakoutVolAtr.ts';
import { runStrategy, type BarColumns } from '../testing/runStrategy.ts';
import { assertNoLookahead, spreadCutPoints } from '../testing/assertNoLookahead.ts';
import { randomWalk } from '../indicators/testing/assertSeries.ts';
import { atrSeries } from '../indicators/atr.ts';

const small = { channel: 5, atrPeriod: 3, atrStop: 2, timeStopBars: 4, riskMultiplier: 0.7 };
const create = (params: unknown) => breakoutVolAtr.create(breakoutVolAtr.paramsSchema.parse(params));

/** Bars from [open, high, low, close] rows. */
function bars(rows: [number, number, number, number][]): BarColumns {
  return {
    open: rows.map((row) => row[0]),
    high: rows.map((row) => row[1]),
    low: rows.map((row) => row[2]),
    close: rows.map((row) => row[3]),
  };
}

const quiet: [number, number, number, number] = [100, 101, 99, 100];
// Bars 0–4 quiet (true range 2, so ATR(3) = 2); bar 5 closes exactly at the channel high 101;
// bar 6 closes at 102.5 above the previous five highs (≤ 101.5) with true range 3 → ATR (2·2 + 3)/3.
const warmUpThenBreakout: [number, number, number, number][] = [
  quiet, quiet, quiet, quiet, quiet,
  [100, 101.5, 99.5, 101],
  [101, 103, 100, 102.5],
];

describe('breakout_vol_atr', () => {
  test('a close equal to the channel high is not a breakout; a close above it enters at riskMultiplier with an ATR stop', () => {
    const run = runStrategy(create(small), bars(warmUpThenBreakout));
    assert.equal(run.target[5], 0, 'close = highest high of the previous bars');
    assert.ok(Number.isNaN(run.stopDistance[5]), 'no stop without an entry');
    assert.equal(run.target[6], 0.7, 'breakout target is riskMultiplier');
    assert.ok(Math.abs(run.stopDistance[6] - 2 * (7 / 3)) < 1e-12, `stop is 2 × ATR = 14/3, was ${run.stopDistance[6]}`);
  });

  test('the channel excludes the current bar, whose own high is above its close', () => {
    const run = runStrategy(create(small), bars(warmUpThenBreakout));
    assert.ok(run.target[6] > 0, 'close 102.5 below its own high 103 is still a breakout');
  });

  test('closes the position by time stop once barsHeld reaches timeStopBars', () => {
    const calm: [number, number, number, number] = [102.5, 103, 102, 102.5];
    const run = runStrategy(create(small), bars([...warmUpThenBreakout, calm, calm, calm, calm, calm]));
    assert.deepEqual(Array.from(run.barsHeld.subarray(7, 11)), [1, 2, 3, 4], 'filled at bar 7 open');
    assert.deepEqual(Array.from(run.target.subarray(6, 12)), [0.7, 0.7, 0.7, 0.7, 0, 0], 'time stop at barsHeld 4');
  });

  test('the time stop fires even while the close keeps breaking out on the same side, and a new breakout re-enters', () => {
    const run = runStrategy(
      create(small),
      bars([
        ...warmUpThenBreakout,
        [102.5, 104.5, 102, 104],
        [104, 106, 103.5, 105.5],
        [105.5, 107.5, 105, 107],
        [107, 109, 106.5, 108.5],
        [108.5, 110.5, 108, 110],
      ]),
    );
    assert.deepEqual(Array.from(run.target.subarray(6, 12)), [0.7, 0.7, 0.7, 0.7, 0, 0.7]);
    assert.equal(run.side[11], 0, 'flat at bar 11 after the time stop filled at its open');
  });

  test('reverses to short at −riskMultiplier when a long position closes below the channel low', () => {
    const run = runStrategy(
      create({ ...small, atrStop: 100 }),
      bars([...warmUpThenBreakout, [102.5, 103, 102, 102.5], [102, 102, 97, 97.5]]),
    );
    assert.equal(run.side[8], 1, 'long when bar 8 closes');
    assert.equal(run.target[8], -0.7, 'close 97.5 below the lowest low 99 of bars 3–7');
    assert.ok(run.stopDistance[8] > 0, 'the reversal carries a stop distance');
  });

  test('matches a brute-force channel scan on random bars', () => {
    const closes = randomWalk(700, 21);
    const noise = randomWalk(700, 22);
    const open = closes.map((_, i) => (i === 0 ? closes[0] : closes[i - 1]));
    const high = closes.map((c, i) => Math.max(open[i], c) * (1 + Math.abs(noise[i] % 1) * 0.01));
    const low = closes.map((c, i) => Math.min(open[i], c) * (1 - Math.abs((noise[i] * 7) % 1) * 0.01));
    const params = { channel: 30, atrPeriod: 14, atrStop: 1.5, timeStopBars: 20, riskMultiplier: 0.5 };
    const run = runStrategy(create(params), { open, high, low, close: closes });
    const atr = atrSeries(high, low, closes, 14);
    let entries = 0;
    let timeStops = 0;
    for (let i = 0; i < closes.length; i++) {
      let expectedTarget = run.side[i] === 0 ? 0 : i === 0 ? 0 : run.target[i - 1];
      let expectedStop = NaN;
      if (i >= params.channel) {
        const window = { high: -Infinity, low: Infinity };
        for (let j = i - params.channel; j < i; j++) {
          window.high = Math.max(window.high, high[j]);
          window.low = Math.min(window.low, low[j]);
        }
        const breakout = closes[i] > window.high ? 1 : closes[i] < window.low ? -1 : 0;
        if (breakout !== 0 && breakout !== run.side[i]) {
          expectedTarget = breakout * 0.5;
          expectedStop = 1.5 * atr[i];
          entries++;
        } else if (run.side[i] !== 0 && run.barsHeld[i] >= 20) {
          expectedTarget = 0;
          timeStops++;
        }
      }
      assert.equal(run.target[i], expectedTarget, `target at bar ${i}`);
      assert.ok(Object.is(run.stopDistance[i], expectedStop) || Math.abs(run.stopDistance[i] - expectedStop) < 1e-12, `stop at bar ${i}`);
    }
    assert.ok(entries > 3 && timeStops > 0, `the path exercises entries (${entries}) and time stops (${timeStops})`);
  });

  test('defaults to the reference kernel parameters and rejects riskMultiplier outside (0, 1]', () => {
    assert.deepEqual(breakoutVolAtr.paramsSchema.parse({}), {
      channel: 336, atrPeriod: 14, atrStop: 2, timeStopBars: 72, riskMultiplier: 0.7,
    });
    assert.equal(breakoutVolAtr.paramsSchema.safeParse({ riskMultiplier: 0 }).success, false, 'riskMultiplier 0');
    assert.equal(breakoutVolAtr.paramsSchema.safeParse({ riskMultiplier: 1.2 }).success, false, 'riskMultiplier 1.2');
    assert.equal(breakoutVolAtr.paramsSchema.safeParse({ riskMultiplier: 1 }).success, true, 'riskMultiplier 1');
  });

  test('gives the same targets and stops when the data is cut at many points', () => {
    const closes = randomWalk(500, 31);
    const data = {
      open: closes,
      high: closes.map((c) => c * 1.004),
      low: closes.map((c) => c * 0.996),
      close: closes,
    };
    assertNoLookahead(() => create({ ...small, channel: 20, timeStopBars: 15 }), data, spreadCutPoints(closes.length, 25));
  });
});
