import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal } from 'decimal.js';
import { intentReferencePrice } from './intentReferencePrice.ts';

test("a market order's reference is the decision bar's close, as exact decimal text", () => {
  assert.equal(intentReferencePrice({ type: 'MARKET', stopPrice: undefined }, 50123.4), '50123.4');
});

test("a stop's reference is its trigger price, not the bar close", () => {
  assert.equal(intentReferencePrice({ type: 'STOP_MARKET', stopPrice: new Decimal('48000.50') }, 50123.4), '48000.5');
});

test('a decision without a close (a flatten request) stores no reference rather than a guess', () => {
  assert.equal(intentReferencePrice({ type: 'MARKET', stopPrice: undefined }, Number.NaN), undefined);
  assert.equal(intentReferencePrice({ type: 'MARKET', stopPrice: undefined }, 0), undefined);
});
