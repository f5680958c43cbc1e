// The weekly report's replay for a live account's store (no paper session): the store is written the way
// the live runner writes it — an equity snapshot a few seconds after each bar's close, intents and fills
// with the venue's trade ids and prices, no signals — over candles the test controls.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { HOUR_MS, START_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { renderProdReportMarkdown } from '../../ops/prodReport/index.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { periodReplay } from './periodReplay.ts';
import { prodReportFromStore } from './prodReportFromStore.ts';
import { replayPaperSession } from './paperEvaluation.ts';

const DAY_MS = 86_400_000;
const DAYS = 21;
const BARS = DAYS * 24;
/** The live runner reads the bar's equity just after its close; the venue fills an order just after the next open. */
const READ_LAG_MS = 5_000;
const FILL_LAG_MS = 2_000;

/** R1 with short lookbacks, so three weeks of hourly bars trade. */
function shortR1(): ReturnType<typeof r1Config> {
  return r1Config((raw) => {
    raw.sleeves = [
      { name: 'BTC', symbol: 'BTCUSDT', weight: 0.1, strategy: 'breakout_vol_atr', params: { channel: 24, atrPeriod: 14, atrStop: 2, timeStopBars: 24, riskMultiplier: 0.7 } },
      { name: 'ETH', symbol: 'ETHUSDT', weight: 0.1, strategy: 'tsmom_multi_ema', params: { lookbacks: [12, 24, 48] }, instrument: { lotStep: 0.001, tickSize: 0.01 } },
      { name: 'SOL', symbol: 'SOLUSDT', weight: 0.1, strategy: 'tsmom_ema', params: { lookback: 24 }, instrument: { lotStep: 0.01, tickSize: 0.001 } },
    ];
  });
}

/**
 * A live account's store over the candles: what the account did is the kernel's run (the live
 * venue trading as modelled), written as the runner stores it — venue trade ids, fills a few seconds
 * after the open at a price a little off the model's, equity a few seconds after each close.
 * `equityFactor` and `extraTrip` plant a divergence.
 */
async function writeLiveStore(path: string, loaded: ReturnType<typeof shortR1>['loaded'], candles: ReturnType<typeof r1Candles>, nowMs: number, plant: { equityFactor?: (atMs: number) => number; extraTripAtMs?: number }): Promise<SqliteTradeStore> {
  const store = await SqliteTradeStore.open({ path });
  const run = await replayPaperSession({ loaded, feed: new ReplayMarketFeed(candles), nowMs, startMs: START_MS, commands: [] });
  assert.ok(run.result !== undefined);
  let trade = 0;
  const venueFill = async (intent: (typeof run.journal.orders)[number]['intent'], fill: (typeof run.journal.orders)[number]['fill']): Promise<void> => {
    const atMs = fill.atMs + FILL_LAG_MS;
    await store.recordIntent({ ...intent, clientOrderId: `live-${intent.clientOrderId}`, createdAtMs: atMs - FILL_LAG_MS });
    const price = (Number(fill.price) * (fill.side === 'BUY' ? 1.0001 : 0.9999)).toFixed(4);
    await store.applyFill({ ...fill, clientOrderId: `live-${intent.clientOrderId}`, tradeId: `venue-${++trade}`, venueOrderId: `venue-order-${trade}`, price, atMs });
    await store.setIntentState(`live-${intent.clientOrderId}`, 'SENT', atMs);
  };
  for (const { intent, fill } of run.journal.orders) await venueFill(intent, fill);
  if (plant.extraTripAtMs !== undefined) {
    // Orders the replay never placed (an operator's manual trade, its own book): a round trip opened and closed an hour apart.
    const [{ intent, fill }] = run.journal.orders;
    for (const [index, side] of (['BUY', 'SELL'] as const).entries()) {
      const atMs = plant.extraTripAtMs + index * HOUR_MS;
      await venueFill({ ...intent, clientOrderId: `extra-${index}`, symbol: 'SOLUSDT', sleeve: 'manual', side, reduceOnly: index === 1 }, { ...fill, symbol: 'SOLUSDT', side, quantity: '1', atMs: atMs - FILL_LAG_MS });
    }
  }
  const { sampleTimeMs, sampleEquity } = run.result;
  for (let index = 0; index < sampleTimeMs.length; index++) {
    const atMs = sampleTimeMs[index] + HOUR_MS + READ_LAG_MS;
    const equity = (sampleEquity[index] * (plant.equityFactor?.(atMs) ?? 1)).toFixed(8);
    await store.recordEquitySnapshot({ account: 'default', atMs, equity, walletBalance: equity, unrealizedPnl: '0' });
  }
  return store;
}

function lastWeek(): { fromMs: number; toMs: number; nowMs: number } {
  const nowMs = START_MS + BARS * HOUR_MS;
  return { fromMs: nowMs - 7 * DAY_MS, toMs: nowMs - 1, nowMs };
}

test('a live account\'s store is replayed from its first equity snapshot and reads consistent when it traded as the backtest does', { timeout: 300_000 }, async () => {
  const { loaded, dir } = shortR1();
  const candles = r1Candles(BARS);
  const { fromMs, toMs, nowMs } = lastWeek();
  const store = await writeLiveStore(join(dir, 'live.sqlite'), loaded, candles, nowMs, {});
  try {
    const replay = await periodReplay(loaded, store, new ReplayMarketFeed(candles), nowMs)(fromMs, toMs);
    assert.equal(replay.compared, true, JSON.stringify(replay));
    if (!replay.compared) return;
    assert.equal(replay.live, true);
    assert.ok(replay.tradesRecorded >= 3, `the week must trade for the comparison to mean anything (${replay.tradesRecorded} trips)`);
    assert.equal(replay.tradesReplayed, replay.tradesRecorded);
    assert.equal(replay.signalsRecorded, 0, 'the live runner stores no signals');
    assert.ok(replay.fillAgreementPct < 100, 'venue trade ids and prices do not match the replay, and need not');
    // The replay started at the bar the first snapshot closes and its equity is stamped as the runner's: the same curve.
    for (const key of ['returnPct', 'sharpe', 'maxDrawdownPct'] as const) {
      assert.ok(Math.abs(replay.recordedFigures[key] - replay.replayedFigures[key]) < 1e-6, `${key}: ${replay.recordedFigures[key]} recorded, ${replay.replayedFigures[key]} replayed`);
    }
    assert.equal(replay.consistent, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live account\'s week that lost 10 % more than the replay is flagged on its drawdown, and the weekly report says so', { timeout: 300_000 }, async () => {
  const { loaded, dir } = shortR1();
  const candles = r1Candles(BARS);
  const { fromMs, toMs, nowMs } = lastWeek();
  const dropFromMs = fromMs + 3 * DAY_MS;
  const store = await writeLiveStore(join(dir, 'live.sqlite'), loaded, candles, nowMs, { equityFactor: (atMs) => (atMs >= dropFromMs ? 0.9 : 1) });
  try {
    const replay = await periodReplay(loaded, store, new ReplayMarketFeed(candles), nowMs)(fromMs, toMs);
    assert.equal(replay.compared, true, JSON.stringify(replay));
    if (!replay.compared) return;
    assert.equal(replay.tradesRecorded, replay.tradesReplayed);
    assert.ok(replay.replayedFigures.maxDrawdownPct - replay.recordedFigures.maxDrawdownPct < -3, `MDD ${replay.recordedFigures.maxDrawdownPct} recorded, ${replay.replayedFigures.maxDrawdownPct} replayed`);
    assert.equal(replay.consistent, false);
    // The weekly report (2024-01-15 is the Monday of the last week) says it, and on what a live record is judged.
    const inForce = withCapitalProfiles(loaded, new Map());
    const weekly = await prodReportFromStore({ store, config: inForce.loaded.config, profiles: inForce.profiles, period: 'weekly', dateMs: nowMs - 1, nowMs, replay: periodReplay(loaded, store, new ReplayMarketFeed(candles), nowMs) });
    assert.equal(weekly.fromMs, fromMs);
    const markdown = renderProdReportMarkdown(weekly);
    assert.match(markdown, /A live account: judged on the figures and the trade count only/);
    assert.match(markdown, /FLAGGED: the record differs from the replay/);
    assert.doesNotMatch(markdown, /\| signals recorded \|/, 'no signal table for a runner that stores no signals');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live account\'s week with one round trip the replay never made is flagged on its trade count alone', { timeout: 300_000 }, async () => {
  const { loaded, dir } = shortR1();
  const candles = r1Candles(BARS);
  const { fromMs, toMs, nowMs } = lastWeek();
  const store = await writeLiveStore(join(dir, 'live.sqlite'), loaded, candles, nowMs, { extraTripAtMs: fromMs + 3 * DAY_MS + 30 * 60_000 });
  try {
    const replay = await periodReplay(loaded, store, new ReplayMarketFeed(candles), nowMs)(fromMs, toMs);
    assert.equal(replay.compared, true, JSON.stringify(replay));
    if (!replay.compared) return;
    assert.equal(replay.tradesRecorded, replay.tradesReplayed + 1, 'the extra venue round trip is counted');
    for (const key of ['returnPct', 'sharpe', 'maxDrawdownPct'] as const) assert.ok(Math.abs(replay.recordedFigures[key] - replay.replayedFigures[key]) < 1e-6, `${key} agrees`);
    assert.equal(replay.consistent, false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
