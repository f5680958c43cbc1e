import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withTempStore } from '../../../test/support/withTempStore.ts';
import type { FillRecord, OrderIntentRecord } from '../../ports/tradeStore.ts';
import { DryRunTradeStore } from './dryRunTradeStore.ts';

const intent = (clientOrderId: string, atMs: number): OrderIntentRecord => ({ clientOrderId, account: 'main', sleeve: 'btc', symbol: 'BTCUSDT', strategy: 's', side: 'BUY', quantity: '0.01', price: null, reduceOnly: false, createdAtMs: atMs, state: 'NEW', stateChangedAtMs: atMs });
const fill = (tradeId: string, side: 'BUY' | 'SELL', quantity: string, price: string): FillRecord => ({ account: 'main', symbol: 'BTCUSDT', tradeId, clientOrderId: null, venueOrderId: null, side, quantity, price, fee: '0', atMs: 1_000 });

describe('DryRunTradeStore (over a real SQLite store)', () => {
  test('reads the operator\'s records and reads its own writes back, while the real store stays as it was', async () => {
    await withTempStore(async (real) => {
      await real.recordIntent(intent('live-1', 1_000));
      await real.applyFill(fill('t1', 'BUY', '0.02', '60000'));
      await real.recordTradingState({ account: 'main', atMs: 1_000, state: 'REDUCING', reason: 'operator', actor: 'op' });
      const dry = new DryRunTradeStore(real);
      assert.equal((await dry.getIntent('live-1'))?.state, 'NEW', 'a live intent is seen');
      assert.equal((await dry.recordIntent(intent('live-1', 2_000))).created, false, 'and not written twice');
      await dry.recordIntentBeforeSend({ intent: intent('dry-1', 2_000), order: { clientOrderId: 'dry-1', account: 'main', symbol: 'BTCUSDT', venueOrderId: null, status: 'PENDING_SEND', filledQuantity: '0', averagePrice: null, atMs: 2_000, reason: null } });
      await dry.setIntentState('live-1', 'SENT', 2_000);
      assert.deepEqual((await dry.listIntents({ account: 'main' })).map((each) => `${each.clientOrderId} ${each.state}`).sort(), ['dry-1 NEW', 'live-1 SENT']);
      assert.deepEqual((await dry.listOpenOrders('main')).map((order) => order.clientOrderId), ['dry-1']);
      assert.equal((await dry.applyFill(fill('t1', 'BUY', '0.02', '60000'))).applied, false, 'a fill the real store has is not applied twice');
      const after = await dry.applyFill(fill('t2', 'SELL', '0.01', '61000'));
      assert.deepEqual([after.applied, after.position.quantity, after.position.realizedPnl], [true, '0.01', '10'], 'its own fill moves the real position');
      await dry.recordTradingState({ account: 'main', atMs: 2_000, state: 'HALTED', reason: 'dry', actor: 'test' });
      assert.equal((await dry.loadTradingState('main'))?.previousState, 'REDUCING');
      await dry.recordRiskEvent({ account: 'main', atMs: 2_000, code: 'DATA_STALE', symbol: 'BTCUSDT', strategy: 's', clientOrderId: null, detail: {} });
      const lock = await dry.acquireLock('runner:main', 'dry', 60_000, 2_000);
      assert.ok(lock.acquired);

      assert.deepEqual((await real.listIntents({ account: 'main' })).map((each) => `${each.clientOrderId} ${each.state}`), ['live-1 NEW'], 'the real store has no dry intent and its state did not move');
      assert.deepEqual(await real.listOpenOrders('main'), []);
      assert.equal((await real.getPosition('main', 'BTCUSDT'))?.quantity, '0.02');
      assert.equal((await real.loadTradingState('main'))?.state, 'REDUCING');
      assert.deepEqual(await real.listRiskEvents({ account: 'main' }), []);
      const realLock = await real.acquireLock('runner:main', 'live', 60_000, 2_000);
      assert.ok(realLock.acquired, 'the real lock stayed free for the live runner');
    });
  });

  test('finds the highest and latest equity over the operator\'s snapshots and its own, and writes none to the real store', async () => {
    await withTempStore(async (real) => {
      const at = (atMs: number, equity: string) => ({ account: 'main', atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
      await real.recordEquitySnapshot(at(1_000, '1000'));
      await real.recordEquitySnapshot(at(2_000, '1200'));
      const dry = new DryRunTradeStore(real);
      assert.deepEqual(await dry.equityPeakAndLatest('other'), undefined);
      await dry.recordEquitySnapshot(at(3_000, '1100'));
      assert.deepEqual(await dry.equityPeakAndLatest('main'), { peak: at(2_000, '1200'), latest: at(3_000, '1100') });
      await dry.recordEquitySnapshot(at(4_000, '1300'));
      assert.deepEqual(await dry.equityPeakAndLatest('main'), { peak: at(4_000, '1300'), latest: at(4_000, '1300') });
      assert.deepEqual(await real.equityPeakAndLatest('main'), { peak: at(2_000, '1200'), latest: at(2_000, '1200') }, 'the real store has none of the dry snapshots');
    });
  });
});
