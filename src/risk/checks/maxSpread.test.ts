import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMaxSpread } from './maxSpread.ts';
import { marketOf } from '../riskFixtures.ts';

describe('checkMaxSpread', () => {
  const cases = [
    { name: 'passes a spread of 0.1 ATR under 0.25', market: marketOf({ atr: 100, spread: 10 }), code: undefined },
    { name: 'denies a spread of 0.5 ATR over 0.25', market: marketOf({ atr: 100, spread: 50 }), code: 'SPREAD_TOO_WIDE' },
    { name: 'skips when the spread is unknown', market: marketOf({ atr: 100, spread: Number.NaN }), code: undefined },
    { name: 'skips when ATR is unknown', market: marketOf({ atr: Number.NaN, spread: 50 }), code: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.equal(checkMaxSpread(c.market, 0.25)?.code, c.code, c.name));
});
