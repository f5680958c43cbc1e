import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStrategyAllowed } from './strategyAllowed.ts';
import { capitalProfileSchema } from '../profiles/capitalProfile.ts';

describe('checkStrategyAllowed', () => {
  const profile = (allowed: string[], denied: string[]) =>
    capitalProfileSchema.parse({ name: 'custom', maxLeverage: 1, allowedStrategies: allowed, deniedStrategies: denied });
  const cases = [
    { name: 'empty lists allow every strategy', allowed: [], denied: [], strategy: 'trend', expected: undefined },
    { name: 'a strategy on the allow-list passes', allowed: ['trend'], denied: [], strategy: 'trend', expected: undefined },
    { name: 'denies a strategy missing from a non-empty allow-list', allowed: ['trend'], denied: [], strategy: 'grid', expected: 'allow' },
    { name: 'denies a strategy on the deny-list', allowed: [], denied: ['grid'], strategy: 'grid', expected: 'deny' },
    { name: 'the deny-list wins over the allow-list', allowed: ['grid'], denied: ['grid'], strategy: 'grid', expected: 'deny' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const denial = checkStrategyAllowed(c.strategy, profile(c.allowed, c.denied));
      assert.equal(denial?.code === 'STRATEGY_NOT_ALLOWED' ? denial.list : undefined, c.expected, c.name);
    });
  }
});
