import assert from 'node:assert/strict';
import { test } from 'node:test';
import { increasesPosition } from './increasesPosition.ts';

test('an entry from flat and an addition on the same side increase the position', () => {
  assert.equal(increasesPosition(0, 3), true);
  assert.equal(increasesPosition(0, -3), true);
  assert.equal(increasesPosition(2, 5), true);
  assert.equal(increasesPosition(-2, -5), true);
});

test('a reduction, a close and no change do not', () => {
  assert.equal(increasesPosition(5, 2), false);
  assert.equal(increasesPosition(-5, -2), false);
  assert.equal(increasesPosition(5, 0), false);
  assert.equal(increasesPosition(4, 4), false);
});

test('a reversal whose close was refused counts only when it ends larger than it started', () => {
  assert.equal(increasesPosition(5, -3), false, '+5 to -3: smaller on the other side');
  assert.equal(increasesPosition(2, -3), true, '+2 to -3: larger on the other side');
});
