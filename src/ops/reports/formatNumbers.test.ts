import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MISSING,
  formatDurationMs,
  formatPaidOrReceived,
  formatMoney,
  formatNumber,
  formatPct,
  formatPrice,
  formatQuantity,
  formatTime,
} from './formatNumbers.ts';

describe('formatNumbers', () => {
  test('groups thousands with commas and keeps the requested decimals', () => {
    assert.equal(formatNumber(1234567.891, 2), '1,234,567.89');
    assert.equal(formatNumber(-43210.5, 1), '-43,210.5', 'negative values keep their sign and grouping');
    assert.equal(formatNumber(999, 0), '999');
  });

  test('shows a dash for NaN and infinities instead of "NaN" or "Infinity"', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      assert.equal(formatNumber(value), MISSING, `formatNumber(${value})`);
      assert.equal(formatPct(value), MISSING, `formatPct(${value})`);
      assert.equal(formatMoney(value, 'USDT'), MISSING, `formatMoney(${value}) must not append a currency to a dash`);
      assert.equal(formatPrice(value), MISSING, `formatPrice(${value})`);
    }
  });

  test('does not print a minus sign on values that round to zero', () => {
    assert.equal(formatNumber(-0.001, 2), '0.00');
    assert.equal(formatNumber(-0, 0), '0');
  });

  test('adds a plus sign to gains only when asked', () => {
    assert.equal(formatPct(12.5, { signed: true }), '+12.50%');
    assert.equal(formatPct(-3.25, { signed: true }), '-3.25%');
    assert.equal(formatPct(0, { signed: true }), '0.00%', 'zero is neither a gain nor a loss');
    assert.equal(formatPct(12.5), '12.50%');
  });

  test('gives prices more decimals the smaller they are', () => {
    assert.equal(formatPrice(43210.5), '43,210.50');
    assert.equal(formatPrice(98.6045), '98.6045');
    assert.equal(formatPrice(0.000123), '0.00012300');
  });

  test('drops trailing zeros from quantities', () => {
    assert.equal(formatQuantity(0.015), '0.015');
    assert.equal(formatQuantity(3), '3');
    assert.equal(formatQuantity(1500), '1,500');
  });

  test('writes durations as their two largest units', () => {
    assert.equal(formatDurationMs(3_600_000), '1h');
    assert.equal(formatDurationMs(15 * 60_000), '15m');
    assert.equal(formatDurationMs(57 * 3_600_000), '2d 9h');
    assert.equal(formatDurationMs(86_400_000 + 60_000), '1d', 'the third unit (minutes) is dropped');
  });

  test('writes ISO times as UTC date and minute, and passes unparseable text through', () => {
    assert.equal(formatTime('2024-03-05T14:00:00.000Z'), '2024-03-05 14:00');
    assert.equal(formatTime('2024-03-05T14:00:30Z'), '2024-03-05 14:00:30');
    assert.equal(formatTime('not a time'), 'not a time');
  });
});

describe('formatPaidOrReceived', () => {
  test('states the direction of a cash flow in words instead of a sign', () => {
    assert.equal(formatPaidOrReceived(3.561, 'USDT'), 'paid 3.56 USDT');
    assert.equal(formatPaidOrReceived(-11.97, 'USDT'), 'received 11.97 USDT', 'a negative payment is money received');
    assert.equal(formatPaidOrReceived(0.001), 'none', 'nothing that rounds to a cent');
    assert.equal(formatPaidOrReceived(Number.NaN), '—');
  });
});
