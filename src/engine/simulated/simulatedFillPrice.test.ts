import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatedFillPrice } from './simulatedFillPrice.ts';

test('a buy pays the slippage and rounds up to the tick', () => {
  assert.equal(simulatedFillPrice(100, 1, 3, 0.01), 100.03);
  assert.equal(simulatedFillPrice(100, 1, 3, 0.1), 100.1);
});

test('a sell gives up the slippage and rounds down to the tick', () => {
  assert.equal(simulatedFillPrice(100, -1, 3, 0.1), 99.9);
});

test('a price already on the grid with no slippage is unchanged', () => {
  assert.equal(simulatedFillPrice(0.3, 1, 0, 0.1), 0.3, '3 ticks of 0.1');
  assert.equal(Math.round(simulatedFillPrice(0.3, -1, 0, 0.1) / 0.1), 3);
});
