import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floorToLots, floorToStep, roundToStep, stepDecimals } from './stepRounding.ts';

test('floors to the step exactly where naive floats fail', () => {
  assert.equal(floorToStep(0.3, 0.1).toString(), '0.3', '0.3 at step 0.1 stays 0.3');
  assert.equal(floorToStep(4.35, 0.05).toString(), '4.35');
  assert.equal(floorToStep('1.23456', '0.001').toString(), '1.234');
  assert.equal(Math.floor(0.3 / 0.1) * 0.1 === 0.3, false, 'the naive float way is indeed wrong');
});

test('rounds a price to the nearest tick', () => {
  assert.equal(roundToStep('100.06', '0.1').toString(), '100.1');
  assert.equal(roundToStep('100.04', '0.1').toString(), '100');
});

test('rejects a zero or negative step', () => {
  assert.throws(() => floorToStep(1, 0), /step must be positive, was 0/);
  assert.throws(() => roundToStep(1, -0.1), /was -0.1/);
});

test('counts whole lots without rounding a smaller amount up', () => {
  assert.equal(floorToLots(0.3, 0.1), 3);
  assert.equal(floorToLots(0.2999, 0.1), 2);
  assert.equal(floorToLots(4.35, 0.05), 87);
  assert.equal(floorToLots(0.0009, 0.001), 0);
});

test('tells how many decimals a step has', () => {
  assert.equal(stepDecimals(0.001), 3);
  assert.equal(stepDecimals(5), 0);
  assert.equal(stepDecimals(0.1), 1);
});

test('turns whole steps back into the nearest double of the decimal value', async () => {
  const { StepGrid } = await import('./stepGrid.ts');
  assert.equal(new StepGrid(0.1).toValue(1001), 100.1);
  assert.equal(new StepGrid(0.1).toValue(3), 0.3);
  assert.equal(new StepGrid(0.25).toValue(7), 1.75);
  assert.equal(new StepGrid(5).toValue(3), 15);
});

test('a step grid gives the double nearest count × step computed in decimal', async () => {
  const { StepGrid } = await import('./stepGrid.ts');
  const { Decimal } = await import('decimal.js');
  for (const step of [0.1, 0.001, 0.25, 5, 0.05, 1e-8]) {
    const grid = new StepGrid(step);
    for (const count of [0, 1, 3, 7, 1001, 123_456_789, -42]) {
      assert.equal(grid.toValue(count), new Decimal(count).times(String(step)).toNumber(), `${count} × ${step}`);
    }
  }
  assert.throws(() => new StepGrid(0), /step must be positive, was 0/);
});
