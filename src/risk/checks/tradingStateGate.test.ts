import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTradingState } from './tradingStateGate.ts';
import { intentOf } from '../riskFixtures.ts';
import type { TradingState } from '../tradingState.ts';

describe('checkTradingState', () => {
  const cases: Array<{ name: string; state: TradingState; side: 'buy' | 'sell'; reduceOnly: boolean; position: number; quantity: number; expected: number | string }> = [
    { name: 'ACTIVE admits an entry as asked', state: 'ACTIVE', side: 'buy', reduceOnly: false, position: 0, quantity: 2, expected: 2 },
    { name: 'REDUCING denies an entry from flat', state: 'REDUCING', side: 'buy', reduceOnly: false, position: 0, quantity: 1, expected: 'TRADING_REDUCING' },
    { name: 'REDUCING denies adding to a long', state: 'REDUCING', side: 'buy', reduceOnly: false, position: 1, quantity: 1, expected: 'TRADING_REDUCING' },
    { name: 'REDUCING admits a partial close of a long', state: 'REDUCING', side: 'sell', reduceOnly: false, position: 3, quantity: 1, expected: 1 },
    { name: 'REDUCING clips a flip to a close', state: 'REDUCING', side: 'sell', reduceOnly: false, position: 3, quantity: 5, expected: 3 },
    { name: 'REDUCING admits covering a short', state: 'REDUCING', side: 'buy', reduceOnly: false, position: -2, quantity: 2, expected: 2 },
    { name: 'HALTED denies a closing order without the reduce-only flag', state: 'HALTED', side: 'sell', reduceOnly: false, position: 3, quantity: 3, expected: 'TRADING_HALTED' },
    { name: 'HALTED admits reduce-only flattening', state: 'HALTED', side: 'sell', reduceOnly: true, position: 3, quantity: 3, expected: 3 },
    { name: 'HALTED denies a reduce-only order on the position side', state: 'HALTED', side: 'buy', reduceOnly: true, position: 3, quantity: 1, expected: 'TRADING_HALTED' },
    { name: 'HALTED denies any order when flat', state: 'HALTED', side: 'sell', reduceOnly: true, position: 0, quantity: 1, expected: 'TRADING_HALTED' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = checkTradingState(c.state, 'account', intentOf({ side: c.side, reduceOnly: c.reduceOnly, quantity: c.quantity }), c.position);
      assert.equal(typeof result === 'number' ? result : result.code, c.expected, c.name);
    });
  }
});
