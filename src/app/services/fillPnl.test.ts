import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FillRecord } from '../../ports/tradeStore.ts';
import { realisedPnlByFill } from './fillPnl.ts';

const fill = (tradeId: string, side: 'BUY' | 'SELL', quantity: string, price: string, fee: string, atMs: number, symbol = 'BTCUSDT'): FillRecord => ({ account: 'a', symbol, tradeId, clientOrderId: null, venueOrderId: null, side, quantity, price, fee, atMs });

test('an opening fill realises only its fee; a closing one its price PnL against the average entry, less its fee', () => {
  const fills = [fill('1', 'BUY', '1', '100', '0.1', 1), fill('2', 'BUY', '1', '110', '0.1', 2), fill('3', 'SELL', '1.5', '120', '0.2', 3), fill('4', 'SELL', '0.5', '90', '0', 4)];
  const pnl = realisedPnlByFill(fills);
  assert.deepEqual(fills.map((f) => Number(pnl.get(f)?.toFixed(9))), [-0.1, -0.1, 1.5 * (120 - 105) - 0.2, 0.5 * (90 - 105)], 'average entry 105 after two buys');
});

test('a fill through zero closes the position and opens the rest at its own price; symbols are kept apart', () => {
  const fills = [fill('1', 'BUY', '1', '100', '0', 1), fill('e', 'SELL', '2', '50', '0', 2, 'ETHUSDT'), fill('2', 'SELL', '3', '110', '0', 3), fill('3', 'BUY', '2', '100', '0', 4)];
  const pnl = realisedPnlByFill(fills);
  assert.equal(pnl.get(fills[1]), 0, 'ETH opens a short of its own');
  assert.equal(pnl.get(fills[2]), 10, 'closes the long of 1 at +10, opens a short of 2 at 110');
  assert.equal(pnl.get(fills[3]), 20, 'the short of 2 covered 10 lower');
});
