import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDailyDrawdown } from './dailyDrawdown.ts';

describe('checkDailyDrawdown', () => {
  const cases = [
    { name: 'passes while equity is above the day start', start: 10_000, equity: 10_500, limit: 2, code: undefined },
    { name: 'passes a 1.9% loss under a 2% limit', start: 10_000, equity: 9_810, limit: 2, code: undefined },
    { name: 'denies an order that would exceed the daily drawdown (2.3% lost, limit 2%)', start: 10_000, equity: 9_770, limit: 2, code: 'DAILY_DRAWDOWN_EXCEEDED' },
    { name: 'denies at exactly the limit', start: 10_000, equity: 9_800, limit: 2, code: 'DAILY_DRAWDOWN_EXCEEDED' },
    { name: 'skips when the profile has no daily limit', start: 10_000, equity: 1, limit: undefined, code: undefined },
    { name: 'fails closed on an unknown day start', start: Number.NaN, equity: 10_000, limit: 2, code: 'INVALID_SNAPSHOT' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkDailyDrawdown(c.start, c.equity, c.limit)?.code, c.code, c.name));
  }

  test('reports the limit and the drawdown in percent', () => {
    const denial = checkDailyDrawdown(10_000, 9_770, 2);
    assert.equal(denial?.code, 'DAILY_DRAWDOWN_EXCEEDED');
    if (denial?.code === 'DAILY_DRAWDOWN_EXCEEDED') {
      assert.equal(denial.limitPct, 2);
      assert.ok(Math.abs(denial.drawdownPct - 2.3) < 1e-9, `drawdown 2.3%, was ${denial.drawdownPct}`);
    }
  });
});
