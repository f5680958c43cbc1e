import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsampleMinMax } from './downsampleMinMax.ts';

describe('downsampleMinMax', () => {
  test('keeps a one-bar drawdown spike in a 100,000-point series', () => {
    const length = 100_000;
    const xs = Array.from({ length }, (_, index) => index * 60_000);
    const ys = Array.from({ length }, (_, index) => -Math.abs(Math.sin(index / 500)) * 2);
    ys[61_234] = -37.5;
    const thinned = downsampleMinMax(xs, ys, 2000);
    assert.ok(thinned.xs.length <= 2000, `kept ${thinned.xs.length} points, at most 2,000`);
    assert.ok(thinned.ys.includes(-37.5), 'the spike survives');
    const keptAt = thinned.xs[thinned.ys.indexOf(-37.5)];
    assert.equal(keptAt, xs[61_234], 'the spike keeps its own time');
  });

  test('keeps the global minimum, maximum, first and last point of any series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 4, max: 500 }),
        (ys, maxPoints) => {
          const xs = ys.map((_, index) => 1_700_000_000_000 + index * 3_600_000);
          const thinned = downsampleMinMax(xs, ys, maxPoints);
          assert.ok(thinned.xs.length <= maxPoints, `${thinned.xs.length} points for a limit of ${maxPoints}`);
          assert.equal(Math.min(...thinned.ys), Math.min(...ys), 'global minimum kept');
          assert.equal(Math.max(...thinned.ys), Math.max(...ys), 'global maximum kept');
          assert.equal(thinned.xs[0], xs[0], 'first point kept');
          assert.equal(thinned.xs[thinned.xs.length - 1], xs[xs.length - 1], 'last point kept');
          for (let index = 1; index < thinned.xs.length; index++) {
            assert.ok(thinned.xs[index] > thinned.xs[index - 1], 'points stay in time order without duplicates');
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('returns short series unchanged', () => {
    const thinned = downsampleMinMax([1, 2, 3], [10, 30, 20], 2000);
    assert.deepEqual(thinned, { xs: [1, 2, 3], ys: [10, 30, 20] });
  });

  test('drops points whose value is NaN or infinite', () => {
    const thinned = downsampleMinMax([1, 2, 3, 4], [10, NaN, Infinity, 5], 2000);
    assert.deepEqual(thinned, { xs: [1, 4], ys: [10, 5] });
  });
});
