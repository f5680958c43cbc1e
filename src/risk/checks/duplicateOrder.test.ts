import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDuplicateOrder, type RecentOrder } from './duplicateOrder.ts';
import { intentOf } from '../riskFixtures.ts';

describe('checkDuplicateOrder', () => {
  const t = 10_000;
  const previous: RecentOrder = { sleeve: 'btc-trend', symbol: 'BTCUSDT', side: 'buy', quantity: 0.01, timeMs: t - 500 };
  const cases = [
    { name: 'blocks the same sleeve, symbol, side and quantity within the window', intent: intentOf({ timeMs: t }), code: 'DUPLICATE_ORDER' },
    { name: 'passes once the window has passed', intent: intentOf({ timeMs: t + 600 }), code: undefined },
    { name: 'passes a different quantity', intent: intentOf({ timeMs: t, quantity: 0.02 }), code: undefined },
    { name: 'passes the other side', intent: intentOf({ timeMs: t, side: 'sell' }), code: undefined },
    { name: 'passes another symbol', intent: intentOf({ timeMs: t, symbol: 'ETHUSDT' }), code: undefined },
    { name: 'passes another sleeve trading alike', intent: intentOf({ timeMs: t, sleeve: 'btc-meanrev' }), code: undefined },
    { name: 'passes an entry of the same size right after a reduce-only close (a reversal)', intent: intentOf({ timeMs: t }), code: undefined, previous: { ...previous, reduceOnly: true } },
    { name: 'blocks a second reduce-only close of the same size', intent: intentOf({ timeMs: t, reduceOnly: true }), code: 'DUPLICATE_ORDER', previous: { ...previous, reduceOnly: true } },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkDuplicateOrder(c.intent, [c.previous ?? previous], 1_000)?.code, c.code, c.name));
  }
});
