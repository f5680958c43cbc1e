import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import { withTempStore } from '../../../test/support/withTempStore.ts';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { loadStressScenarios } from '../config/loadStressScenarios.ts';
import { stressScenariosSchema } from '../config/stressScenariosSchema.ts';
import { accountStatesFromBacktest, stressFromStore } from './stressService.ts';

const HOUR_MS = 3_600_000;
const MONDAY = Date.UTC(2026, 2, 2);
const NOW = MONDAY + 2 * 24 * HOUR_MS + 12 * HOUR_MS; // Wednesday 12:00 UTC
const loaded = loadConfig('config/r1-ensemble.yaml');
// The shipped config's 3× isolated futures, with a profile whose limits the test states: daily 3 %, weekly 6 %.
// The emergency stop keeps its defaults: total loss 10 % and daily 5 % (HALTED), weekly = the profile's 6 % (REDUCING).
const config = { ...loaded.config, risk: { ...loaded.config.risk, accounts: { default: { name: 'stress-test', description: '', dailyDrawdownPct: 3, weeklyDrawdownPct: 6, maxLeverage: 5, allowedStrategies: [], deniedStrategies: [] } } } };
const registry = stressScenariosSchema.parse({
  liquidationWarnPct: 10,
  scenarios: [
    { name: 'down-10', kind: 'priceShock', movePct: -10 },
    { name: 'crash-5', kind: 'correlatedCrash', movePct: -5 },
    { name: 'funding', kind: 'fundingSpike', ratePer8hPct: 0.1, hours: 8 },
    { name: 'vol', kind: 'volatilitySpike', atrMultiple: 3 },
  ],
});

/** 30 hourly BTC bars closing at 60 000 with a 1 000 range: ATR(14) = 1 000. */
function feed(): ReplayMarketFeed {
  const bars = allocateCandleSeries('BTCUSDT', '1h', 30);
  for (let i = 0; i < 30; i++) {
    bars.time[i] = NOW - (30 - i) * HOUR_MS;
    bars.open[i] = 60_000;
    bars.high[i] = 60_500;
    bars.low[i] = 59_500;
    bars.close[i] = 60_000;
  }
  return new ReplayMarketFeed(new Map([[ReplayMarketFeed.key('BTCUSDT', '1h'), bars]]));
}

eachStoreKind('rampart stress on the store: a long 0.1 BTC at 3× against the profile and the emergency stop, by hand', async (open) => {
  const store = await open();
  // Week start (and first) 10 500, today's start 10 200, now 10 000.
  for (const [atMs, equity] of [[MONDAY + HOUR_MS / 2, '10500'], [NOW - 11.5 * HOUR_MS, '10200'], [NOW - HOUR_MS, '10000']] as const) await store.recordEquitySnapshot({ account: 'default', atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
  await store.applyFill({ account: 'default', symbol: 'BTCUSDT', tradeId: '1', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '0.1', price: '60000', fee: '0', atMs: NOW - 2 * HOUR_MS });
  const [account] = await stressFromStore({ store, feed: feed(), config, registry, nowMs: NOW });
  assert.equal(account.equity, 10_000);
  const [down, crash, funding, vol] = account.results;
  // −10 %: 0.1 × −6 000 = −600 → 9 400: today 7.84 % (≥ 3 and ≥ 5), this week 10.48 % (≥ 6), total 10.48 % (≥ 10).
  assert.ok(Math.abs(down.pnl + 600) < 1e-9);
  assert.equal(down.profileLimitsTriggered.length, 2);
  assert.equal(down.emergencyStopTriggered.length, 3, down.emergencyStopTriggered.join('; '));
  assert.equal(down.severity, 'CRITICAL');
  // Margin 0.1 × 60 000 / 3 = 2 000; liquidation 60 000 × (1 − 1/3 + 0.004) = 40 240.
  assert.ok(Math.abs(down.marginUsed - 2_000) < 1e-9);
  assert.ok(Math.abs(down.positions[0].liquidationPrice - 40_240) < 1e-6);
  // −5 %: −300 → 9 700: today 4.90 % (profile 3 % only), week 7.62 % (profile and the emergency weekly 6 %).
  assert.deepEqual(crash.profileLimitsTriggered, ['profile stress-test daily drawdown 3 %', 'profile stress-test weekly drawdown 6 %']);
  assert.deepEqual(crash.emergencyStopTriggered, ['emergency stop weekly drawdown 6 % (REDUCING)']);
  // 0.1 % of 6 000 for one 8 h period: −6 → 9 994: no limit; 32.93 % from liquidation.
  assert.ok(Math.abs(funding.pnl + 6) < 1e-9);
  assert.equal(funding.severity, 'OK');
  assert.ok(Math.abs(funding.minDistanceToLiquidationPct - ((60_000 - 40_240) / 60_000) * 100) < 1e-9);
  // 3 ATR of 1 000 with no stop known: −300 taken whole.
  assert.ok(Math.abs(vol.positions[0].stressedPrice - 57_000) < 1e-9, `ATR from the bars: ${vol.positions[0].stressedPrice}`);
  assert.equal(account.worst, 'CRITICAL');
});

test('a store position whose symbol has no bar is refused, not marked at a made-up price', async () => {
  await withTempStore(async (store) => {
    await store.applyFill({ account: 'default', symbol: 'XRPUSDT', tradeId: '1', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '10', price: '1', fee: '0', atMs: NOW - HOUR_MS });
    await assert.rejects(stressFromStore({ store, feed: feed(), config, registry, nowMs: NOW }), /no closed 1h bar of XRPUSDT/);
  });
});

test("a backtest's final state is the positions its end-of-data fills closed", () => {
  const states = accountStatesFromBacktest(
    {
      finalEquity: 11_000,
      fills: [
        { sleeve: 'BTC', symbol: 'BTCUSDT', quantity: 0.2, reason: 'entry' },
        { sleeve: 'BTC', symbol: 'BTCUSDT', quantity: -0.2, reason: 'end_of_data' },
        { sleeve: 'ETH', symbol: 'ETHUSDT', quantity: 3, reason: 'end_of_data' },
      ],
      trades: [
        { sleeve: 'BTC', symbol: 'BTCUSDT', entryPrice: 55_000, exitReason: 'end_of_data' },
        { sleeve: 'ETH', symbol: 'ETHUSDT', entryPrice: 3_100, exitReason: 'end_of_data' },
      ],
    },
    config,
  );
  assert.deepEqual(states[0].positions, [
    { symbol: 'BTCUSDT', quantity: 0.2, entryPrice: 55_000 },
    { symbol: 'ETHUSDT', quantity: -3, entryPrice: 3_100 },
  ]);
  assert.equal(states[0].equity, 11_000);
  assert.equal(states[0].initialEquity, config.capital.initial);
});

test('the shipped registry validates and registers the issue’s scenarios; a bad entry is refused naming its key', () => {
  const { registry: shipped } = loadStressScenarios('config/stress-scenarios.yaml');
  assert.deepEqual(new Set(shipped.scenarios.map((s) => s.kind)), new Set(['priceShock', 'correlatedCrash', 'volatilitySpike', 'fundingSpike', 'exchangeOutage']));
  assert.deepEqual(shipped.scenarios.filter((s) => s.kind === 'priceShock').map((s) => (s.kind === 'priceShock' ? s.movePct : 0)).sort((a, b) => a - b), [-30, -20, -10, 10, 20, 30]);
  const bad = stressScenariosSchema.safeParse({ scenarios: [{ name: 'x', kind: 'priceShock', movePct: -10, hours: 3 }, { name: 'x', kind: 'correlatedCrash', movePct: -5 }] });
  assert.equal(bad.success, false);
  const messages = bad.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n') ?? '';
  assert.match(messages, /hours|unrecognized/i);
  assert.match(messages, /duplicate scenario name "x"/);
});
