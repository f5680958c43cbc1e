import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { nextPosition } from './nextPosition.ts';
import type { FillRecord, PositionRecord } from '../../ports/tradeStore.ts';

function fill(side: 'BUY' | 'SELL', quantity: string, price: string, fee = '0'): FillRecord {
  return {
    account: 'main', symbol: 'BTCUSDT', tradeId: 't', clientOrderId: null, venueOrderId: null,
    side, quantity, price, fee, atMs: 1_700_000_000_000,
  };
}

function apply(...fills: FillRecord[]): PositionRecord | undefined {
  return fills.reduce<PositionRecord | undefined>((position, f) => nextPosition(position, f), undefined);
}

describe('nextPosition', () => {
  test('averages the entry price when adding to a long', () => {
    const position = apply(fill('BUY', '1', '100'), fill('BUY', '3', '200'));
    assert.equal(position?.quantity, '4', 'both buys add up');
    assert.equal(position?.entryPrice, '175', '(1*100 + 3*200) / 4');
    assert.equal(position?.realizedPnl, '0', 'nothing closed yet');
  });

  test('realises PnL at the entry price when reducing a long, keeping the entry', () => {
    const position = apply(fill('BUY', '2', '100'), fill('SELL', '0.5', '110'));
    assert.equal(position?.quantity, '1.5');
    assert.equal(position?.entryPrice, '100', 'a reduction does not move the entry');
    assert.equal(position?.realizedPnl, '5', '0.5 * (110 - 100)');
  });

  test('realises a short profit when buying back lower, and flat resets the entry to 0', () => {
    const position = apply(fill('SELL', '1', '100'), fill('BUY', '1', '90'));
    assert.equal(position?.quantity, '0');
    assert.equal(position?.entryPrice, '0', 'flat has no entry');
    assert.equal(position?.realizedPnl, '10', 'short from 100 covered at 90');
  });

  test('flips through zero: closes the whole side and opens the rest at the fill price', () => {
    const position = apply(fill('BUY', '1', '100'), fill('SELL', '3', '120'));
    assert.equal(position?.quantity, '-2');
    assert.equal(position?.entryPrice, '120', 'the new short opened at the fill price');
    assert.equal(position?.realizedPnl, '20', 'only the long unit realised');
  });

  test('subtracts every fee from realised PnL and keeps tiny decimals exact', () => {
    const position = apply(fill('BUY', '0.00000001', '0.1', '0.00000003'), fill('BUY', '0.00000002', '0.2', '0.00000001'));
    assert.equal(position?.quantity, '0.00000003', 'no float rounding (0.1 + 0.2 style errors)');
    assert.equal(position?.realizedPnl, '-0.00000004', 'fees are a realised cost');
  });
});
