import assert from 'node:assert/strict';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import type { OrderIntentRecord } from '../../ports/tradeStore.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { accountMetricsFromStore } from './accountMetricsFromStore.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY0 = Date.UTC(2026, 2, 2);
const ACCOUNT = 'default';
// execution.slippageBps 3, funding.constantRateBps 1 (the figures below are computed against these).
const { config } = loadConfig('config/r1-ensemble.yaml');

function intent(clientOrderId: string, side: 'BUY' | 'SELL', referencePrice: string, atMs: number): OrderIntentRecord {
  return { clientOrderId, account: ACCOUNT, sleeve: 'BTC', symbol: 'BTCUSDT', strategy: 'breakout_vol_atr', side, quantity: '0.1', price: null, referencePrice, reduceOnly: side === 'SELL', createdAtMs: atMs, state: 'SENT', stateChangedAtMs: atMs };
}

eachStoreKind('live metrics from the store: realised slippage from the intents and funding from the stored payments', async (open) => {
  const store = await open();
  for (let day = 0; day < 10; day++) await store.recordEquitySnapshot({ account: ACCOUNT, atMs: DAY0 + day * DAY_MS + 23 * HOUR_MS, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
  const buyAtMs = DAY0 + HOUR_MS;
  const sellAtMs = DAY0 + 5 * DAY_MS;
  await store.recordIntent(intent('buy', 'BUY', '50000', buyAtMs));
  await store.recordIntent(intent('sell', 'SELL', '51000', sellAtMs));
  // A buy 3 bps above its reference (50000 × 1.0003) and a sell 4 bps below its own (51000 × 0.9996): both adverse.
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: '1', clientOrderId: 'buy', venueOrderId: '1', side: 'BUY', quantity: '0.1', price: '50015', fee: '2.5', atMs: buyAtMs });
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: '2', clientOrderId: 'sell', venueOrderId: '2', side: 'SELL', quantity: '0.1', price: '50979.6', fee: '2.5', atMs: sellAtMs });
  // An external fill (no intent, no reference) is left out of the slippage.
  await store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: '3', clientOrderId: null, venueOrderId: '3', side: 'BUY', quantity: '0.1', price: '60000', fee: '0', atMs: sellAtMs + HOUR_MS });
  // Paid 0.5 twice, received 0.2 once; the second read of a payment (same id) is not counted again.
  for (const [id, day, income] of [['f1', 1, '-0.5'], ['f2', 2, '-0.5'], ['f3', 3, '0.2'], ['f1', 1, '-0.5']] as const) {
    await store.recordFundingPayment({ account: ACCOUNT, symbol: 'BTCUSDT', paymentId: id, income, atMs: DAY0 + day * DAY_MS + 8 * HOUR_MS });
  }
  const nowMs = DAY0 + 9 * DAY_MS + 23.5 * HOUR_MS;
  const metrics = await accountMetricsFromStore(store, config, ACCOUNT, nowMs);

  // Notional-weighted: (3 bps × 5001.5 + 4 bps × 5097.96) / (5001.5 + 5097.96) = 3.5047755…
  const slippageBps = (3 * 5001.5 + 4 * 5097.96) / (5001.5 + 5097.96);
  assert.ok(Math.abs(metrics.realisedSlippageBps - 3.5047755) < 1e-6, `realised slippage ${metrics.realisedSlippageBps} bps`);
  assert.ok(Math.abs(metrics.realisedSlippageBps - slippageBps) < 1e-9);
  assert.ok(Math.abs((metrics.figures.slippageRatio ?? Number.NaN) - 3.5047755 / 3) < 1e-6, 'against the config\'s 3 bps');
  assert.ok(Math.abs((metrics.sleeves.find((sleeve) => sleeve.sleeve === 'BTC')?.realisedSlippageBps ?? Number.NaN) - 3.5047755) < 1e-6);

  // Paid 0.8 net over the record (from the first fill, 9 days 22.5 h) on a mean close of 10000:
  // 0.8 / 10000 × 365 / 9.9375 × 100 = 0.293836 % a year.
  assert.ok(Math.abs((metrics.figures.fundingDragAnnualPct ?? Number.NaN) - 0.293836) < 1e-6, `funding drag ${metrics.figures.fundingDragAnnualPct}`);
  // The model charges 0.1 BTC × 50015 × 1 bp = 0.50015 at each of the three funding times: 0.8 / 1.50045 = 0.533173.
  assert.ok(Math.abs((metrics.figures.fundingDriftRatio ?? Number.NaN) - 0.533173) < 1e-6, `funding drift ${metrics.figures.fundingDriftRatio}`);
  assert.ok(Math.abs(metrics.operations.fundingDragAnnualPct - (0.8 / 10_000) * (365 / 30) * 100) < 1e-9, 'the operations window is the 30 days before now');
});
