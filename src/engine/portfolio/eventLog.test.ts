import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILL_REASONS, RunLog, fillReasonCode } from './eventLog.ts';

test('every fill reason has its own code, and the code gives the reason back', () => {
  FILL_REASONS.forEach((reason, index) => assert.equal(fillReasonCode(reason), index, reason));
});

test('a trade row keeps sleeve, side and exit reason through the packed key', () => {
  const log = new RunLog([{ name: 'A', symbol: 'AUSDT' }, { name: 'B', symbol: 'BUSDT' }]);
  const row = (side: number, quantity: number, entryTimeMs: number, entryPrice: number, exitTimeMs: number, exitPrice: number, pnl: number, fees: number, funding: number) =>
    ({ side, quantity, entryTimeMs, entryPrice, exitTimeMs, exitPrice, pnl, fees, funding });
  log.recordTrade(1, row(-1, 2.5, 1_000, 100, 2_000, 90, 24, 0.5, 0.25), fillReasonCode('liquidation'));
  log.recordTrade(0, row(1, 1, 3_000, 10, 4_000, 11, 1, 0.01, 0), fillReasonCode('end_of_data'));
  const [first, second] = log.trades();
  assert.deepEqual(
    [first.sleeve, first.symbol, first.side, first.exitReason, first.quantity, first.pnl, first.fees, first.funding],
    ['B', 'BUSDT', -1, 'liquidation', 2.5, 24, 0.5, 0.25],
  );
  assert.deepEqual([second.sleeve, second.side, second.exitReason, second.entryTimeMs, second.exitPrice], ['A', 1, 'end_of_data', 3_000, 11]);
});

test('fills and decisions are counted even when their rows are not kept', () => {
  const log = new RunLog([{ name: 'A', symbol: 'AUSDT' }], { fills: false, decisions: false });
  log.recordFill(0, { timeMs: 1, quantity: 1, price: 100, fee: 0.1, referencePrice: 99.9 }, fillReasonCode('entry'));
  log.recordFunding(0, 1, 0.5);
  log.recordDecision(0, 1, 1, Number.NaN);
  assert.equal(log.fillCount, 1);
  assert.equal(log.decisionCount, 1);
  assert.deepEqual(log.fills(), [], 'no rows kept');
  assert.deepEqual(log.fundingPayments(), [], 'funding rows are kept with the fills');
  assert.equal(log.lastFillPrice(), 100, 'the last fill price is known either way');
});

test("keeps each fill's reference price beside it and every funding payment with its sleeve", () => {
  const log = new RunLog([{ name: 'A', symbol: 'AUSDT' }, { name: 'B', symbol: 'BUSDT' }]);
  log.recordFill(1, { timeMs: 5, quantity: -2, price: 99.9, fee: 0.1, referencePrice: 100 }, fillReasonCode('entry'));
  log.recordFill(0, { timeMs: 6, quantity: 1, price: 7, fee: 0, referencePrice: Number.NaN }, fillReasonCode('liquidation'));
  log.recordFunding(1, 28_800_000, -0.02);
  assert.deepEqual(log.fillReferencePrices(), [100, Number.NaN]);
  assert.deepEqual(log.fundingPayments(), [{ timeMs: 28_800_000, sleeve: 'B', symbol: 'BUSDT', paid: -0.02 }]);
});

test('rows read back in order across the log\'s blocks', () => {
  const log = new RunLog([{ name: 'A', symbol: 'AUSDT' }]);
  const rows = 512 + 1024 + 2048 + 7; // past several 512-row blocks
  for (let n = 0; n < rows; n++) {
    log.recordTrade(0, { side: 1, quantity: n, entryTimeMs: n * 2, entryPrice: 1, exitTimeMs: n * 2 + 1, exitPrice: 1, pnl: -n, fees: 0, funding: 0 }, fillReasonCode('signal'));
  }
  const trades = log.trades();
  assert.equal(trades.length, rows);
  for (const n of [0, 511, 512, 1535, 1536, 3583, 3584, rows - 1]) {
    assert.deepEqual([trades[n].quantity, trades[n].entryTimeMs, trades[n].exitTimeMs, trades[n].pnl], [n, n * 2, n * 2 + 1, -n], `row ${n}`);
  }
});
