import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetLots, type TargetSizingInput } from './targetLots.ts';
import type { SizingSettings } from '../engineSettings.ts';

const base: TargetSizingInput = { target: 1, sleeveWeight: 0.5, equity: 10_000, leverage: 3, price: 100, lotStep: 0.001, stopDistance: Number.NaN };
const sizing = (mode: SizingSettings['mode']): SizingSettings => ({ mode, notional: 1_000, riskPerTrade: 0.01 });

test('weight sizing uses weight × equity × leverage at |target| = 1', () => {
  assert.equal(targetLots(sizing('weight'), base), 150_000, '0.5 × 10000 × 3 / 100 = 150 units = 150000 lots');
  assert.equal(targetLots(sizing('weight'), { ...base, target: -0.5 }), -75_000);
});

test('all_in sizing ignores the weight and floors to the lot step', () => {
  assert.equal(targetLots(sizing('all_in'), { ...base, price: 333 }), Math.floor((30_000 / 333) * 1000));
});

test('fixed_notional sizing buys the notional at the price', () => {
  assert.equal(targetLots(sizing('fixed_notional'), base), 10_000);
});

test('risk sizing loses riskPerTrade of equity at the stop, capped by weight sizing', () => {
  assert.equal(targetLots(sizing('risk'), { ...base, stopDistance: 5 }), 20_000, '1% of 10000 / 5 = 20 units');
  assert.equal(targetLots(sizing('risk'), { ...base, stopDistance: 0.1 }), 150_000, 'a tight stop is capped at the weight size');
  assert.equal(targetLots(sizing('risk'), base), 150_000, 'no stop falls back to weight sizing');
});

test('never sizes a position without equity or price', () => {
  assert.equal(targetLots(sizing('weight'), { ...base, equity: -5 }), 0);
  assert.equal(targetLots(sizing('weight'), { ...base, price: Number.NaN }), 0);
  assert.equal(targetLots(sizing('weight'), { ...base, target: 0 }), 0);
});
