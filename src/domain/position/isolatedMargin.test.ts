import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isolatedMargin } from './isolatedMargin.ts';

test('isolated margin is |quantity| × entry / leverage, the same for a long and a short', () => {
  assert.equal(isolatedMargin(-2, 150, 3), 100);
  assert.equal(isolatedMargin(2, 150, 3), 100);
  assert.equal(isolatedMargin(0, 150, 3), 0);
});
