import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StepGrid } from '../../domain/money/stepGrid.ts';
import type { SizingSettings } from '../engineSettings.ts';
import { sizeTargetLots, type SleeveSizing } from './sizeTargetLots.ts';

const weight: SizingSettings = { mode: 'weight', notional: 0, riskPerTrade: 0.01 };
const ticks = new StepGrid(0.1);

function input(overrides: Partial<SleeveSizing>): SleeveSizing {
  return { target: 1, sleeveWeight: 0.5, equity: 10_000, leverage: 2, referencePrice: 100, slippageBps: 0, lotStep: 0.001, stopDistance: Number.NaN, price: Number.NaN, ...overrides };
}

test('without slippage a long is sized at the reference price', () => {
  const sizing = input({});
  assert.equal(sizeTargetLots(weight, sizing, ticks), 100_000, '0.5 × 10000 × 2 / 100 = 100 units = 100000 lots of 0.001');
  assert.equal(sizing.price, 100, 'the expected fill price is written back');
});

test('a long is sized at the reference moved up by the slippage and rounded up to the tick', () => {
  const sizing = input({ slippageBps: 10 });
  // 100 × (1 + 10/10000) = 100.1, on the grid; 10000 / 100.1 = 99.9000999 → 99900 lots.
  assert.equal(sizeTargetLots(weight, sizing, ticks), 99_900);
  assert.equal(sizing.price, 100.1);
});

test('a short is sized at the reference moved down by the slippage and rounded down to the tick', () => {
  const sizing = input({ target: -1, slippageBps: 15 });
  // 100 × (1 − 15/10000) = 99.85 → 99.8 on the 0.1 grid; 10000 / 99.8 = 100.2004 → −100200 lots.
  assert.equal(sizeTargetLots(weight, sizing, ticks), -100_200);
  assert.equal(sizing.price, 99.8);
});

test('risk sizing sizes from the stop distance at the expected fill price', () => {
  const risk: SizingSettings = { mode: 'risk', notional: 0, riskPerTrade: 0.01 };
  // 1% of 10000 / 4 = 25 units, below the weight cap of 100 units.
  assert.equal(sizeTargetLots(risk, input({ stopDistance: 4 }), ticks), 25_000);
});

test('an unknown reference price sizes nothing (fail closed)', () => {
  assert.equal(sizeTargetLots(weight, input({ referencePrice: Number.NaN }), ticks), 0);
});
