import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampTarget } from './clampTarget.ts';

test('clamps a target outside [-1, 1] to the nearest bound', () => {
  assert.equal(clampTarget(2.5, true), 1);
  assert.equal(clampTarget(-3, true), -1);
  assert.equal(clampTarget(0.4, true), 0.4, 'inside the range it is kept as asked');
});

test('turns a short into flat where shorts are not allowed, and keeps longs', () => {
  assert.equal(clampTarget(-0.5, false), 0);
  assert.equal(clampTarget(-7, false), 0, 'clamped first, then refused');
  assert.equal(clampTarget(0.5, false), 0.5);
});

test('leaves NaN as NaN, which callers read as no decision', () => {
  assert.ok(Number.isNaN(clampTarget(Number.NaN, true)));
  assert.ok(Number.isNaN(clampTarget(Number.NaN, false)));
});
