import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { thinIndices } from './thinIndices.ts';

describe('thinIndices', () => {
  test('keeps every index of a series that fits', () => {
    assert.deepEqual(thinIndices([3, 1, 2], 10), [0, 1, 2]);
  });

  test('thins a long series to the limit, keeping first, last and a one-point spike', () => {
    const values = Array.from({ length: 10_000 }, (_, index) => (index === 4_321 ? -50 : Math.sin(index / 100)));
    const kept = thinIndices(values, 400);
    assert.ok(kept.length <= 400, `at most 400 points, was ${kept.length}`);
    assert.equal(kept[0], 0);
    assert.equal(kept.at(-1), 9_999);
    assert.ok(kept.includes(4_321), 'the spike is kept');
    assert.ok(kept.every((index, at) => at === 0 || index > kept[at - 1]), 'indices increase');
  });
});
