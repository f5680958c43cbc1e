import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DecisionRecord, TradeRecord } from '../portfolio/runRecords.ts';
import { tradeStatistics } from './tradeStatistics.ts';

const H = 3_600_000;
const trade = (side: number, entryHour: number, entryPrice: number, exitPrice: number, pnl: number): TradeRecord => ({
  sleeve: 'S', symbol: 'X', side, quantity: 1, entryTimeMs: entryHour * H, entryPrice, exitTimeMs: (entryHour + 1) * H, exitPrice, pnl, fees: 0, funding: 0, exitReason: 'stop',
});
const decision = (hour: number, target: number, stopDistance: number): DecisionRecord => ({ timeMs: hour * H, sleeve: 'S', target, stopDistance });

describe('tradeStatistics', () => {
  it('measures each trade in R of the stop its entry decision carried', () => {
    const stats = tradeStatistics(
      [trade(1, 1, 100, 102.8, 2.8), trade(-1, 5, 100, 101, -1), trade(1, 9, 50, 51, 1)],
      [decision(0, 1, 2), decision(4, -1, 1), decision(8, 1, Number.NaN)],
      14 * 86_400_000,
    );
    assert.ok(Math.abs(stats.rMultiples[0] - 1.4) < 1e-12 && stats.rMultiples[1] === -1, `R ${stats.rMultiples}`);
    assert.ok(Number.isNaN(stats.rMultiples[2]), 'an entry without a stop has no R');
    assert.ok(Math.abs(stats.averageR - 0.2) < 1e-12);
    assert.ok(Math.abs(stats.profitFactor - 3.8) < 1e-12);
    assert.ok(Math.abs(stats.winRate - 2 / 3) < 1e-12);
    assert.equal(stats.signalsPerWeek, 1.5, '3 entry decisions over 2 weeks');
    const mean = 2.8 / 3;
    const sd = Math.sqrt(((2.8 - mean) ** 2 + (-1 - mean) ** 2 + (1 - mean) ** 2) / 2);
    assert.ok(Math.abs(stats.sharpePerTrade - mean / sd) < 1e-12);
  });

  it('gives NaN figures, not zeros, without trades', () => {
    const stats = tradeStatistics([], [], 86_400_000);
    assert.ok(Number.isNaN(stats.averageR) && Number.isNaN(stats.profitFactor) && Number.isNaN(stats.sharpePerTrade));
  });
});
