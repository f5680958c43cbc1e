import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import type { PlannedOrder, SleeveDecision } from './liveTypes.ts';
import { deniedBy, NoOrderReason, reportsForEverySleeve, SleeveBarReports } from './sleeveBarReport.ts';

const decision = (sleeve: string, symbol: string, target: number): SleeveDecision => ({ sleeve, symbol, strategy: 's', weight: 0.5, target, stopDistance: Number.NaN, barTimeMs: 60_000, barCloseTimeMs: 120_000, confidence: Number.NaN, atr: Number.NaN, referencePrice: 100 });
const order = (sleeve: string, side: 'BUY' | 'SELL'): PlannedOrder => ({ clientOrderId: `${sleeve}-${side}`, sleeve, symbol: 'BTCUSDT', side, type: 'MARKET', quantity: '0.01', stopPrice: null, reduceOnly: false });

describe('sleeve bar reports', () => {
  test('a guardrail code is reported as GUARDRAIL with its numbers; another risk code as DENIED', () => {
    const spread = deniedBy('SPREAD_TOO_WIDE', { code: 'SPREAD_TOO_WIDE', spreadAtrFraction: 0.5, maxSpreadAtrFraction: 0.25 });
    assert.equal(spread.reason, NoOrderReason.GUARDRAIL);
    assert.equal(spread.detail, 'SPREAD_TOO_WIDE: spreadAtrFraction 0.5, maxSpreadAtrFraction 0.25');
    assert.equal(deniedBy('LEVERAGE_EXCEEDED', { maxLeverage: 1, leverage: 3, scope: 'account' }).reason, NoOrderReason.DENIED);
  });

  test('rows carry the decision, the venue position, this bar\'s orders of the sleeve and each distinct reason once', () => {
    const reports = new SleeveBarReports();
    reports.begin(decision('a', 'BTCUSDT', 1), new Decimal('-0.02'));
    reports.begin(decision('b', 'ETHUSDT', 0), undefined);
    reports.why({ sleeve: 'b' }, { reason: NoOrderReason.NO_CHANGE, detail: 'flat' });
    reports.why({ sleeve: 'b' }, { reason: NoOrderReason.NO_CHANGE, detail: 'flat' });
    reports.why({ sleeve: 'unknown' }, { reason: NoOrderReason.HALTED, detail: 'ignored' });
    const rows = reports.reports([order('a', 'BUY'), order('c', 'SELL')]);
    assert.deepEqual(rows.map((row) => [row.sleeve, row.target, row.position, row.orders.map((each) => each.side), row.noOrder.map((why) => why.reason)]), [
      ['a', 1, '-0.02', ['BUY'], []],
      ['b', 0, '0', [], ['NO_CHANGE']],
    ]);
  });

  test('every sleeve gets a row: WARM_UP without a decision, NOT_READY when the bar was skipped', () => {
    const sleeves = [{ name: 'a', symbol: 'BTCUSDT' }, { name: 'b', symbol: 'ETHUSDT' }];
    const decided = new SleeveBarReports();
    decided.begin(decision('a', 'BTCUSDT', 1), undefined);
    const rows = reportsForEverySleeve({ skipped: undefined, sleeves: decided.reports([]) }, sleeves);
    assert.deepEqual(rows.map((row) => [row.sleeve, row.noOrder.map((why) => why.reason)]), [['a', []], ['b', ['WARM_UP']]]);
    assert.ok(Number.isNaN(rows[1].target), 'no decision, no target');
    assert.deepEqual(reportsForEverySleeve({ skipped: 'NOT_READY' }, sleeves).map((row) => row.noOrder[0]?.reason), ['NOT_READY', 'NOT_READY']);
  });
});
