import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSymbolAllowed } from './symbolAllowed.ts';

describe('checkSymbolAllowed', () => {
  const cases = [
    { name: 'an empty allow-list allows every symbol', symbol: 'DOGEUSDT', allowed: [], code: undefined },
    { name: 'a listed symbol passes', symbol: 'BTCUSDT', allowed: ['BTCUSDT', 'ETHUSDT'], code: undefined },
    { name: 'denies a restricted symbol', symbol: 'DOGEUSDT', allowed: ['BTCUSDT'], code: 'SYMBOL_NOT_ALLOWED' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(checkSymbolAllowed(c.symbol, c.allowed)?.code, c.code, c.name));
  }
});
