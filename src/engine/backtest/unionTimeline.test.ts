import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unionTimeline } from './unionTimeline.ts';

const column = (...times: number[]) => Float64Array.from(times);

test('the union of sleeves on different bars is every time once, in order', () => {
  assert.deepEqual(Array.from(unionTimeline([column(1, 3, 5, 7), column(2, 3, 8), column()])), [1, 2, 3, 5, 7, 8]);
});

test('sleeves on the same bars give those bars once', () => {
  const times = column(10, 20, 30);
  assert.deepEqual(Array.from(unionTimeline([times, column(10, 20, 30), times])), [10, 20, 30]);
});

test('sleeves on the same times take the first one\'s column as the clock, copying nothing', () => {
  const times = column(10, 20, 30);
  assert.equal(unionTimeline([times, column(10, 20, 30), times]), times);
  assert.notEqual(unionTimeline([times, column(10, 20, 31)]), times);
});

test('a single sleeve is its own clock', () => {
  const times = column(1, 2);
  assert.equal(unionTimeline([times]), times);
});

test('columns out of order are still merged into one sorted clock', () => {
  assert.deepEqual(Array.from(unionTimeline([column(5, 1, 3), column(2, 2, 4)])), [1, 2, 3, 4, 5]);
});
