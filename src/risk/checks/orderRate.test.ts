import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ordersInWindow } from './orderRate.ts';

describe('ordersInWindow', () => {
  const cases = [
    { name: 'counts nothing when nothing was sent', sent: [], timeMs: 5_000, expected: 0 },
    { name: 'counts orders inside the window', sent: [4_100, 4_500, 5_000], timeMs: 5_000, expected: 3 },
    { name: 'leaves out an order exactly one window old', sent: [4_000, 4_500], timeMs: 5_000, expected: 1 },
    { name: 'leaves out older orders', sent: [1_000, 2_000, 4_999], timeMs: 5_000, expected: 1 },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(ordersInWindow(c.sent, c.timeMs, 1_000), c.expected, c.name));
  }
});
