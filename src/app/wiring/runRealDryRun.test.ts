import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { allocateCandleSeries } from '../../domain/market/candleSeries.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { openTradeStore } from '../../adapters/storage/openTradeStore.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { replayPaperSession } from '../services/paperEvaluation.ts';
import { ACCOUNT, BAR_MS } from './liveTestSupport.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';

// Issue 13: `rampart run --real --dry-run --once` prints, per sleeve, the last closed bar, the target,
// the venue position and the order it would send or why none; its rows match the backtest's last
// decision on the same candles.

const ORDER_PATHS = ['/fapi/v1/order', '/fapi/v1/batchOrders', '/fapi/v1/algoOrder'];
// The fast SMA crosses above the slow one at the newest bar (index 84): a fresh decision. A target held
// since earlier bars would meet a flat venue, which the live tracker reads as a position the venue closed.
const BARS = 85;
const closeAt = (i: number): number => Math.round(60_000 + 400 * Math.sin(i / 7) + 90 * Math.sin(i / 2.3));

interface Row {
  sleeve: string;
  symbol: string;
  lastBarOpenTime: string | null;
  target: number | null;
  position: string | null;
  orders: Array<{ side: string; quantity: string; type: string; reduceOnly: boolean }>;
  noOrder: Array<{ reason: string; code?: string; detail: string }>;
}

describe('run --real --dry-run --once against the local venue (the real CLI process)', () => {
  let harness: LiveCliHarness;
  let firstBarMs: number;
  before(async () => {
    harness = await startLiveCliHarness({ bars: 0 });
    firstBarMs = harness.nextBarMs;
    for (let i = 0; i < BARS; i++) harness.pushBar(0, closeAt(i));
    const strategyPath = resolve(import.meta.dirname, '../services/liveTestStrategy.ts');
    // A built-in strategy on BTCUSDT, and a sleeve on ETHUSDT whose feed has no bar yet (warm-up).
    writeFileSync(
      harness.configPath,
      [
        'name: dry-run-table',
        'market: {type: futures, leverage: 1}',
        'capital: {initial: 10000, currency: USDT}',
        'data: {timeframe: 1m}',
        // The bars lie in the past of the real clock: the data-age guardrail is opened wide.
        'risk: {accounts: {main: normal}, guardrails: {maxDataAgeSec: 86400}}',
        'sleeves:',
        `  - {name: btc-sma, symbol: BTCUSDT, weight: 0.05, account: ${ACCOUNT}, strategy: sma_cross, params: {fast: 3, slow: 8}}`,
        `  - {name: eth-script, symbol: ETHUSDT, weight: 0.05, account: ${ACCOUNT}, strategy: ${JSON.stringify(strategyPath)}}`,
      ].join('\n'),
    );
  });
  after(async () => {
    await harness.close();
  });

  /** The backtest kernel (the paper replay: same strategies, engine and risk gate) over the same candles. */
  async function backtestTarget(): Promise<number> {
    const series = allocateCandleSeries('BTCUSDT', '1m', BARS);
    for (let i = 0; i < BARS; i++) {
      const close = closeAt(i);
      series.time[i] = firstBarMs + i * BAR_MS;
      series.open[i] = close;
      series.high[i] = close;
      series.low[i] = close;
      series.close[i] = close;
      series.volume[i] = 0;
    }
    const btcOnly = loadConfig(harness.configPath);
    const loaded = { ...btcOnly, config: { ...btcOnly.config, sleeves: btcOnly.config.sleeves.filter((sleeve) => sleeve.symbol === 'BTCUSDT') } };
    const feed = new ReplayMarketFeed(new Map([[ReplayMarketFeed.key('BTCUSDT', '1m'), series]]));
    const outcome = await replayPaperSession({ loaded, feed, nowMs: firstBarMs + BARS * BAR_MS, startMs: firstBarMs, commands: [] });
    const decisions = outcome.result?.decisions.filter((decision) => decision.sleeve === 'btc-sma') ?? [];
    assert.ok(decisions.length > 0, 'precondition: the price path makes the SMAs cross');
    return decisions[decisions.length - 1].target;
  }

  test('--json: a row per sleeve, the target and order side of the backtest\'s last decision, nothing sent or stored', async () => {
    const run = await harness.cli(harness.runRealArgs('--dry-run', '--once', '--json'));
    assert.equal(run.code, 0, `exit 0, printed:\n${run.stdout.slice(-3000)}\n${run.stderr}`);
    const line = run.stdout.split('\n').find((each) => each.startsWith('{"dryRunSleeves"'));
    assert.ok(line !== undefined, `the table is printed as one JSON line:\n${run.stdout.slice(-2000)}`);
    const rows = (JSON.parse(line) as { dryRunSleeves: Row[] }).dryRunSleeves;
    assert.deepEqual(rows.map((row) => row.sleeve), ['btc-sma', 'eth-script'], 'every sleeve of the config has a row');

    const btc = rows[0];
    const target = await backtestTarget();
    assert.notEqual(target, 0, 'precondition: the backtest ends in a position');
    assert.equal(btc.target, target, 'the live decision is the backtest\'s last decision');
    assert.equal(btc.lastBarOpenTime, new Date(firstBarMs + (BARS - 1) * BAR_MS).toISOString(), 'decided on the last closed bar');
    assert.equal(btc.position, '0', 'the venue account is flat');
    assert.equal(btc.orders[0]?.side, target > 0 ? 'BUY' : 'SELL', 'it would open the backtest\'s side');
    assert.equal(btc.orders[0]?.type, 'MARKET');
    assert.equal(btc.orders[0]?.reduceOnly, false);
    assert.ok(Number(btc.orders[0]?.quantity) > 0);
    assert.deepEqual(btc.orders.slice(1).map((order) => `${order.side} ${order.type} ${order.reduceOnly}`), [`${target > 0 ? 'SELL' : 'BUY'} STOP_MARKET true`].slice(0, btc.orders.length - 1), 'and at most its protective stop after it');

    const eth = rows[1];
    assert.deepEqual(eth.noOrder.map((why) => why.reason), ['WARM_UP'], 'a sleeve with no closed bar says so');
    assert.equal(eth.target, null);

    assert.deepEqual(harness.sim.requests().filter((request) => request.method !== 'GET' && ORDER_PATHS.includes(request.path)), [], 'no order reached the venue');
    assert.deepEqual(harness.sim.requests().filter((request) => request.method === 'POST' && /leverage|marginType|countdownCancelAll/.test(request.path)), [], 'no venue setting changed');
    const store = await openTradeStore({ stateDir: harness.stateDir });
    try {
      assert.deepEqual(await store.listIntents({ account: ACCOUNT }), [], 'the operator\'s store holds no intent of the dry run');
      assert.deepEqual(await store.listEquitySnapshots(ACCOUNT), [], 'nor any other of its writes');
    } finally {
      await store.close();
    }
  });

  test('without --json: the same rows as a table, with the reason of a sleeve that sends nothing', async () => {
    const run = await harness.cli(harness.runRealArgs('--dry-run', '--once'));
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((each) => !each.startsWith('{') && each.trim() !== '');
    assert.match(lines[0] ?? '', /^sleeve\s+symbol\s+last closed bar \(open, UTC\)\s+target\s+position\s+would send\s+why no order$/, 'a header names the columns');
    const btc = lines.find((each) => each.startsWith('btc-sma'));
    const eth = lines.find((each) => each.startsWith('eth-script'));
    assert.match(btc ?? '', /BTCUSDT .*(BUY|SELL) [0-9.]+ MARKET/, 'the btc row shows the order it would send');
    assert.match(eth ?? '', /ETHUSDT .*WARM_UP: no closed bar of the sleeve yet/);
    assert.doesNotMatch(run.stdout, /would send no order/);
  });
});
