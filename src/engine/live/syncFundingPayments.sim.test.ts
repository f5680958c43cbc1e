// Funding read from the venue (ccxt fetchFundingHistory → /fapi/v1/income FUNDING_FEE on the local
// venue) into the trade store, once per venue id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { withTempStore } from '../../../test/support/withTempStore.ts';
import type { CcxtExchangeGateway } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { eachWithConnectedGateway, type LiveHarness } from '../../app/wiring/liveTestSupport.ts';
import { syncFundingPayments } from './syncFundingPayments.ts';

const silent = { warn: () => undefined };

describe('funding payments from the venue', () => {
  let h: LiveHarness;
  let gateway: CcxtExchangeGateway;
  eachWithConnectedGateway((fixture) => ({ harness: h, gateway } = fixture));

  test('a long pays position × price × rate at each funding time, and the store keeps each payment once', async () => {
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.1'), reduceOnly: false, clientOrderId: 'rp-funded' });
    gateway.setReferencePrice('ETHUSDT', new Decimal(3000));
    await gateway.placeOrder({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: new Decimal('1'), reduceOnly: false, clientOrderId: 'rp-short' });
    h.sim.chargeFunding(0.0001);
    const payments = await gateway.fetchFundingPayments('BTCUSDT');
    // Long 0.1 BTC at 60000 with a 1 bp rate: pays 0.6.
    assert.deepEqual(payments.map((payment) => [payment.symbol, payment.income.toFixed()]), [['BTCUSDT', '-0.6']]);
    // Short 1 ETH at 3000 receives 0.3.
    assert.deepEqual((await gateway.fetchFundingPayments('ETHUSDT')).map((payment) => payment.income.toFixed()), ['0.3']);

    await withTempStore(async (store) => {
      assert.equal(await syncFundingPayments(gateway, store, 'main', ['BTCUSDT', 'ETHUSDT'], silent), 2);
      assert.equal(await syncFundingPayments(gateway, store, 'main', ['BTCUSDT', 'ETHUSDT'], silent), 0, 'reading the history again stores nothing new');
      h.sim.chargeFunding(-0.0002);
      assert.equal(await syncFundingPayments(gateway, store, 'main', ['BTCUSDT'], silent), 1, 'only the new funding time');
      const stored = await store.listFundingPayments({ account: 'main', symbol: 'BTCUSDT' });
      // At a negative rate the long receives: 0.1 × 60000 × 0.0002 = 1.2.
      assert.deepEqual(stored.map((payment) => payment.income), ['-0.6', '1.2']);
      assert.equal(new Set(stored.map((payment) => payment.paymentId)).size, 2, 'each keyed by its venue id');
    });
  });

  test('a venue that fails the read is logged and stores nothing (retried at the next bar)', async () => {
    await gateway.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: new Decimal('0.1'), reduceOnly: false, clientOrderId: 'rp-funded-2' });
    h.sim.chargeFunding(0.0001);
    h.sim.inject({ kind: 'http5xx', path: 'GET /fapi/v1/income', count: 10 });
    const warnings: string[] = [];
    await withTempStore(async (store) => {
      assert.equal(await syncFundingPayments(gateway, store, 'main', ['BTCUSDT'], { warn: (event: string) => void warnings.push(event) }), 0);
      assert.deepEqual(await store.listFundingPayments(), []);
    });
    assert.deepEqual(warnings, ['funding_not_read']);
  });
});
