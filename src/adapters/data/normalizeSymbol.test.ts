import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSymbol } from './normalizeSymbol.ts';

const cases: Array<[input: string, expected: string, why: string]> = [
  ['BTC/USDT:USDT', 'BTCUSDT', 'ccxt perpetual drops the settle currency'],
  ['BTC/USDT', 'BTCUSDT', 'ccxt spot'],
  ['eth/usdt:usdt', 'ETHUSDT', 'case does not matter'],
  ['XRP_USDT_USDT', 'XRPUSDT', 'freqtrade futures file name'],
  ['XRP_ETH', 'XRPETH', 'freqtrade spot file name'],
  ['UNITTEST_BTC', 'UNITTESTBTC', 'freqtrade test pair'],
  ['BTCUSDT', 'BTCUSDT', 'exchange id stays'],
  ['1000PEPE/USDT:USDT', '1000PEPEUSDT', 'digits belong to the base'],
];

for (const [input, expected, why] of cases) {
  test(`normalises ${input} to ${expected}`, () => {
    assert.equal(normalizeSymbol(input), expected, why);
  });
}

test('rejects a symbol with characters no exchange uses', () => {
  assert.throws(() => normalizeSymbol('BTC USDT'), /was "BTC USDT"/);
  assert.throws(() => normalizeSymbol('../etc'), RangeError);
});
