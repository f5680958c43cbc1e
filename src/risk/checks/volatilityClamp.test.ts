import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVolatilityClamp } from './volatilityClamp.ts';
import { marketOf } from '../riskFixtures.ts';

describe('checkVolatilityClamp', () => {
  // Mark 40,000: ATR 2,000 is 5%, ATR 4,000 is 10%.
  const cases = [
    { name: 'leaves a calm market alone', atr: 2_000, mode: 'scale' as const, expected: 1 },
    { name: 'halves the size at twice the threshold in scale mode', atr: 4_000, mode: 'scale' as const, expected: 0.5 },
    { name: 'denies new entries above the threshold in block mode', atr: 4_000, mode: 'block' as const, expected: 'VOLATILITY_TOO_HIGH' },
    { name: 'skips when ATR is unknown', atr: Number.NaN, mode: 'block' as const, expected: 1 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = checkVolatilityClamp(marketOf({ atr: c.atr }), 5, c.mode);
      assert.equal(typeof result === 'number' ? result : result.code, c.expected, c.name);
    });
  }
});
