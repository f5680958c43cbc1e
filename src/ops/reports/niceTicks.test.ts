import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { niceStep, niceTicks } from './niceTicks.ts';

function isNiceStep(step: number): boolean {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5, 10].some((nice) => Math.abs(mantissa - nice) < 1e-6);
}

describe('niceTicks', () => {
  test('covers equity around 43,000 with round thousands', () => {
    const { ticks, stepSize } = niceTicks(41_388, 45_910, 6);
    assert.equal(stepSize, 1000, 'a 4,500 range over ~5 intervals steps by 1,000');
    assert.equal(ticks[0], 41_000);
    assert.equal(ticks[ticks.length - 1], 46_000);
  });

  test('gives nice, evenly spaced ticks covering any finite range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (low, span, targetCount) => {
          const high = low + span;
          const { ticks, stepSize, domainMin, domainMax } = niceTicks(low, high, targetCount);
          assert.ok(isNiceStep(stepSize), `step ${stepSize} is 1, 2 or 5 times a power of ten`);
          // Within a millionth of a step: float division may put a bound a few ulps outside the last tick.
          const slack = stepSize * 1e-6 + Math.abs(high) * 1e-12;
          assert.ok(domainMin <= low + slack && domainMax >= high - slack, `[${domainMin}, ${domainMax}] covers [${low}, ${high}]`);
          assert.ok(ticks.length >= 2 && ticks.length <= 2 * targetCount + 2, `${ticks.length} ticks for a target of ${targetCount}`);
          for (let index = 1; index < ticks.length; index++) {
            const gap = ticks[index] - ticks[index - 1];
            const ulpSlack = Math.abs(ticks[index]) * 1e-12;
            assert.ok(Math.abs(gap - stepSize) <= stepSize * 1e-6 + ulpSlack, `gap ${gap} equals step ${stepSize}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('widens a flat range so a one-bar chart still has an axis', () => {
    const { domainMin, domainMax } = niceTicks(10_000, 10_000);
    assert.ok(domainMin < 10_000 && domainMax > 10_000, 'the single value sits inside the axis');
    const zero = niceTicks(0, 0);
    assert.ok(zero.domainMin < 0 && zero.domainMax > 0, 'a flat zero series gets a span too');
  });

  test('handles ranges below zero, as with negative equity', () => {
    const { ticks } = niceTicks(-3_500, 10_000, 5);
    assert.ok(ticks.includes(0), 'zero is a tick when the range crosses it');
    assert.ok(ticks[0] <= -3_500);
  });

  test('tick values carry no floating-point noise', () => {
    const { ticks } = niceTicks(0.1, 0.7, 7);
    for (const tick of ticks) assert.equal(String(tick).length <= 4, true, `tick ${tick} prints short`);
  });

  test('niceStep rounds up to 1, 2, 5 or 10', () => {
    assert.equal(niceStep(0.13), 0.2);
    assert.equal(niceStep(3), 5);
    assert.equal(niceStep(7000), 10000);
  });
});
