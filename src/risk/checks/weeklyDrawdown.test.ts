import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWeeklyDrawdown } from './weeklyDrawdown.ts';

describe('checkWeeklyDrawdown', () => {
  const cases = [
    { name: 'passes a 6% weekly loss under a 7% limit', start: 10_000, equity: 9_400, limit: 7, code: undefined },
    { name: 'denies a 7.5% weekly loss over a 7% limit', start: 10_000, equity: 9_250, limit: 7, code: 'WEEKLY_DRAWDOWN_EXCEEDED' },
    { name: 'skips when the profile has no weekly limit', start: 10_000, equity: 100, limit: undefined, code: undefined },
    { name: 'fails closed on a zero week start', start: 0, equity: 10_000, limit: 7, code: 'INVALID_SNAPSHOT' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkWeeklyDrawdown(c.start, c.equity, c.limit)?.code, c.code, c.name));
  }
});
