import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkForwardWindows } from './walkForwardWindows.ts';

const DAY = 86_400_000;

test('rolling windows keep the training length, test windows tile the data and the last one is cut at the data end', () => {
  const windows = walkForwardWindows(0, 100 * DAY, 30 * DAY, 20 * DAY, false);
  assert.deepEqual(
    windows.map((w) => [w.trainFromMs / DAY, (w.trainToMs + 1) / DAY, w.testFromMs / DAY, (w.testToMs + 1) / DAY]),
    [
      [0, 30, 30, 50],
      [20, 50, 50, 70],
      [40, 70, 70, 90],
      [60, 90, 90, 100 + 1 / DAY],
    ],
  );
});

test('anchored windows all train from the first bar', () => {
  const windows = walkForwardWindows(0, 100 * DAY, 30 * DAY, 20 * DAY, true);
  assert.ok(windows.every((w) => w.trainFromMs === 0));
  assert.equal(windows.at(-1)!.trainToMs, 90 * DAY - 1);
});

test('no window when the training length covers the data', () => {
  assert.deepEqual(walkForwardWindows(0, 10 * DAY, 30 * DAY, 5 * DAY, false), []);
});
