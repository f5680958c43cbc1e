import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRiskPerTrade } from './riskPerTrade.ts';

describe('checkRiskPerTrade', () => {
  // Equity 10,000: a 1% limit allows 100 at risk.
  const cases = [
    { name: 'passes 50 at risk under 1%', quantity: 1, stop: 50, limit: 1, code: undefined },
    { name: 'passes exactly 1% at risk', quantity: 2, stop: 50, limit: 1, code: undefined },
    { name: 'denies 1.5% at risk over 1%', quantity: 3, stop: 50, limit: 1, code: 'RISK_PER_TRADE_EXCEEDED' },
    { name: 'skips without a profile limit', quantity: 1_000, stop: 50, limit: undefined, code: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkRiskPerTrade(c.quantity, c.stop, 10_000, c.limit)?.code, c.code, c.name));
  }
});
