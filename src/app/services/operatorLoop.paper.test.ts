// A scripted 60-day paper session of the R1 ensemble on synthetic data, then the operator's loop on its
// store: the risk guard, the weekly report, the profile review and stress give figures that this test
// recomputes on its own from the stored fills and equity snapshots.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { renderProdReportJson, renderProdReportMarkdown } from '../../ops/prodReport/index.ts';
import { periodReplay } from './periodReplay.ts';
import type { FillRecord } from '../../ports/tradeStore.ts';
import { HOUR_MS, ManualClock, START_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { loadScaleRules } from '../config/loadScaleRules.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { runPaper } from './paperRunner.ts';
import { prodReportFromStore } from './prodReportFromStore.ts';
import { reviewProfiles } from './profileReviewService.ts';
import { runRiskGuard } from './riskGuardService.ts';
import { recordOperatorCommand } from './operatorCommands.ts';
import { loadStressScenarios } from '../config/loadStressScenarios.ts';
import { stressFromStore } from './stressService.ts';

const DAYS = 60;
const BARS = DAYS * 24;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Trip {
  readonly sleeve: string;
  readonly closedAtMs: number;
  readonly pnl: number;
}

/**
 * Round trips by cash flow, written apart from src/ops/liveMetrics: per sleeve and symbol, a trip's PnL
 * is what its sells brought in minus what its buys cost minus its fees, from flat to flat; a fill that
 * crosses zero is split by quantity between the trip it closes and the one it opens.
 */
function tripsByCashFlow(fills: readonly FillRecord[], sleeveOf: ReadonlyMap<string, string>): Trip[] {
  const open = new Map<string, { position: number; cash: number }>();
  const trips: Trip[] = [];
  for (const fill of [...fills].sort((a, b) => a.atMs - b.atMs)) {
    const sleeve = sleeveOf.get(fill.clientOrderId ?? '') ?? 'unattributed';
    const key = `${sleeve}/${fill.symbol}`;
    const sign = fill.side === 'BUY' ? 1 : -1;
    let quantity = Number(fill.quantity);
    const price = Number(fill.price);
    const feePerUnit = Number(fill.fee) / quantity;
    const state = open.get(key) ?? { position: 0, cash: 0 };
    const closing = state.position !== 0 && Math.sign(state.position) !== sign ? Math.min(quantity, Math.abs(state.position)) : 0;
    if (closing > 0) {
      state.cash += -sign * closing * price - closing * feePerUnit;
      state.position = roundQty(state.position + sign * closing);
      quantity = roundQty(quantity - closing);
      if (state.position === 0) {
        trips.push({ sleeve, closedAtMs: fill.atMs, pnl: state.cash });
        state.cash = 0;
      }
    }
    if (quantity > 0) {
      state.cash += -sign * quantity * price - quantity * feePerUnit;
      state.position = roundQty(state.position + sign * quantity);
    }
    open.set(key, state);
  }
  return trips;
}

const roundQty = (value: number): number => Math.round(value * 1e9) / 1e9;

/** The record's start: its first equity snapshot or fill. */
function firstRecordMsOf(fills: readonly FillRecord[], snapshots: ReadonlyArray<{ atMs: number }>): number {
  return Math.min(...snapshots.map((snapshot) => snapshot.atMs), ...fills.map((fill) => fill.atMs));
}

test('after a 60-day paper session, risk-guard, the weekly report, profiles review and stress agree with figures recomputed from the stored fills', { timeout: 600_000 }, async () => {
  const { loaded, dir } = r1Config();
  const store = await SqliteTradeStore.open({ path: join(dir, 'session.sqlite') });
  try {
    const candles = r1Candles(BARS);
    const lastBarMs = START_MS + (BARS - 1) * HOUR_MS;
    // One evaluation a day (the runner catches up the day's bars and stores the day's equity), like a
    // paper runner that an operator restarts every morning.
    const clock = new ManualClock(START_MS + 24 * HOUR_MS);
    let resets = 0;
    await runPaper(
      {
        loaded,
        store,
        feed: new ReplayMarketFeed(candles),
        clock,
        logger: silent,
        sleepUntil: async (timeMs) => {
          // A daily breach locks the account until reset (playbook §6 scenario 2): the operator reviews it the next morning and resets.
          if ((await store.loadTradingState('default'))?.state === 'HALTED') {
            resets++;
            await recordOperatorCommand(store, { kind: 'reset', accounts: ['default'], reason: 'reviewed the next morning', actor: 'test', nowMs: clock.timeMs });
          }
          clock.timeMs = Math.min(timeMs + 23 * HOUR_MS, lastBarMs + HOUR_MS);
        },
        owner: 'loop:1',
        startMs: START_MS,
      },
      { maxEvaluations: DAYS },
    );
    const nowMs = lastBarMs + HOUR_MS;
    assert.ok(resets > 0, 'a daily breach locked the paper account until the reset, not until the next day');

    const fills = await store.listFills({ account: 'default' });
    const sleeveOf = new Map((await store.listIntents({ account: 'default' })).map((intent) => [intent.clientOrderId, intent.sleeve]));
    const trips = tripsByCashFlow(fills, sleeveOf);
    assert.ok(trips.length >= 5, `the session must trade for the comparison to mean anything (${trips.length} trips)`);
    const snapshots = (await store.listEquitySnapshots('default')).map((snapshot) => Number(snapshot.equity));
    assert.ok(snapshots.length >= DAYS - 1, `an equity snapshot a day at least (${snapshots.length})`);
    let peak = -Infinity;
    let mdd = 0;
    for (const equity of snapshots) {
      peak = Math.max(peak, equity);
      mdd = Math.max(mdd, (1 - equity / peak) * 100);
    }

    const { rules } = loadScaleRules('config/r1-scale-rules.yaml');
    const { config } = withCapitalProfiles(loaded, new Map()).loaded;
    const [guard] = await runRiskGuard({ store, config, rules: rules.riskGuard, nowMs, dryRun: false, actor: 'test', logger: silent });
    assert.ok(Math.abs((guard.metrics.figures.runningMaxDrawdownPct ?? Number.NaN) - mdd) < 1e-9, `running MDD ${guard.metrics.figures.runningMaxDrawdownPct} against ${mdd}`);
    assert.equal(guard.metrics.trades.tradeCount, trips.length);
    const wins = trips.filter((trip) => trip.pnl > 0).length;
    assert.ok(Math.abs(guard.metrics.trades.winRatePct - (wins / trips.length) * 100) < 1e-9);
    assert.ok(['KEEP', 'REDUCE', 'FLATTEN_ALL', 'SCALE_UP'].includes(guard.judgement.decision));
    assert.equal((await store.listRiskGuardDecisions()).length, 1, 'the decision is kept');

    // Slippage and funding recomputed apart from src/ops/liveMetrics: each stored fill against its intent's
    // reference price (adverse positive, notional-weighted), and the stored funding payments.
    const intentsById = new Map((await store.listIntents({ account: 'default' })).map((intent) => [intent.clientOrderId, intent]));
    let weightedBps = 0;
    let notionalTraded = 0;
    for (const fill of fills) {
      const reference = Number(intentsById.get(fill.clientOrderId ?? '')?.referencePrice);
      if (!(reference > 0)) continue;
      const value = Number(fill.quantity) * Number(fill.price);
      weightedBps += (fill.side === 'BUY' ? Number(fill.price) / reference - 1 : 1 - Number(fill.price) / reference) * 10_000 * value;
      notionalTraded += value;
    }
    assert.ok(notionalTraded > 0, 'the paper intents kept their reference prices');
    assert.ok(Math.abs((guard.metrics.figures.slippageRatio ?? Number.NaN) - weightedBps / notionalTraded / config.execution.slippageBps) < 1e-9, `slippage ratio ${guard.metrics.figures.slippageRatio}`);
    assert.ok(Math.abs((guard.metrics.figures.slippageRatio ?? 0) - 1) < 0.05, 'the simulated venue fills at its modelled slippage (tick rounding aside)');
    const payments = await store.listFundingPayments({ account: 'default' });
    assert.ok(payments.length > 0, 'the paper journal stored the simulated funding');
    const windowStartMs = Math.max(firstRecordMsOf(fills, await store.listEquitySnapshots('default')), nowMs - 30 * 86_400_000);
    const paidNet = payments.filter((payment) => payment.atMs >= windowStartMs).reduce((sum, payment) => sum - Number(payment.income), 0);
    const drag = guard.metrics.figures.fundingDragAnnualPct ?? Number.NaN;
    assert.ok(Number.isFinite(drag) && Math.sign(drag) === Math.sign(paidNet), `funding drag ${drag} has the sign of the ${paidNet} paid`);

    const inForce = withCapitalProfiles(loaded, new Map());
    const replay = periodReplay(loaded, store, new ReplayMarketFeed(candles), nowMs);
    const weekly = JSON.parse(renderProdReportJson(await prodReportFromStore({ store, config: inForce.loaded.config, profiles: inForce.profiles, period: 'weekly', dateMs: lastBarMs, nowMs, replay })));
    const [account] = weekly.accounts;
    const inWeek = trips.filter((trip) => trip.closedAtMs >= weekly.fromMs && trip.closedAtMs <= weekly.toMs);
    assert.equal(account.trades.tradeCount, inWeek.length);
    const grossProfit = inWeek.filter((trip) => trip.pnl > 0).reduce((sum, trip) => sum + trip.pnl, 0);
    const grossLoss = -inWeek.filter((trip) => trip.pnl <= 0).reduce((sum, trip) => sum + trip.pnl, 0);
    if (grossLoss > 0) assert.ok(Math.abs(account.trades.profitFactor - grossProfit / grossLoss) < 1e-6, `profit factor ${account.trades.profitFactor} against ${grossProfit / grossLoss}`);
    for (const sleeve of account.sleeves as Array<{ sleeve: string; pnl: number; tradeCount: number }>) {
      const own = inWeek.filter((trip) => trip.sleeve === sleeve.sleeve);
      assert.equal(sleeve.tradeCount, own.length, `${sleeve.sleeve}: trades in the week`);
      assert.ok(Math.abs(sleeve.pnl - own.reduce((sum, trip) => sum + trip.pnl, 0)) < 1e-6, `${sleeve.sleeve}: PnL in the week`);
    }
    assert.equal(account.riskGuard.decision, guard.judgement.decision);
    // The week replayed through the backtest kernel from the same config and candles: the paper record is that replay.
    assert.equal(weekly.replay.compared, true, JSON.stringify(weekly.replay));
    assert.equal(weekly.replay.tradesRecorded, inWeek.length, 'trips recounted from the stored fills');
    assert.equal(weekly.replay.tradesReplayed, inWeek.length);
    assert.deepEqual(weekly.replay.sleeves.map((sleeve: { sleeve: string; signalAgreementPct: number }) => [sleeve.sleeve, sleeve.signalAgreementPct]), config.sleeves.map((sleeve) => [sleeve.name, 100]));
    assert.ok(weekly.replay.signalsRecorded > 0 && weekly.replay.consistent === true);
    const stored = await store.listEquitySnapshots('default');
    const base = stored.filter((snapshot) => snapshot.atMs < weekly.fromMs).at(-1) ?? stored[0];
    const last = stored.filter((snapshot) => snapshot.atMs <= weekly.toMs).at(-1) ?? stored[0];
    assert.ok(Math.abs(weekly.replay.recordedFigures.returnPct - (Number(last.equity) / Number(base.equity) - 1) * 100) < 1e-9, 'the week\'s recorded return from its stored equity');
    assert.ok(Math.abs(weekly.replay.recordedFigures.sharpe - weekly.replay.replayedFigures.sharpe) <= 0.3, `Sharpe ${weekly.replay.recordedFigures.sharpe} recorded, ${weekly.replay.replayedFigures.sharpe} replayed`);

    const [review] = await reviewProfiles({ store, loaded, accounts: new Map(), nowMs, actor: 'test', logger: silent });
    assert.equal(review.review.profile, 'normal');
    assert.equal(review.review.evidence.trades, trips.length);
    const firstRecordMs = Math.min((await store.listEquitySnapshots('default'))[0].atMs, ...fills.map((fill) => fill.atMs));
    assert.equal(review.sinceMs, firstRecordMs, 'no assignment: the profile counts from the first snapshot or fill');
    assert.equal(review.review.evidence.daysInProfile, Math.floor((nowMs - firstRecordMs) / 86_400_000));

    // Stress: the positions recomputed from the stored fills, marked at the feed's last close; the shipped
    // funding spike (0.3 % per 8 h for 24 h) costs 0.9 % of each position's notional, whatever its side.
    const { registry } = loadStressScenarios('config/stress-scenarios.yaml');
    const [stressed] = await stressFromStore({ store, feed: new ReplayMarketFeed(candles), config, registry, nowMs });
    const held = new Map<string, number>();
    for (const fill of fills) held.set(fill.symbol, (held.get(fill.symbol) ?? 0) + (fill.side === 'BUY' ? 1 : -1) * Number(fill.quantity));
    let notional = 0;
    for (const [symbol, quantity] of held) {
      const bars = candles.get(ReplayMarketFeed.key(symbol, config.data.timeframe));
      if (Math.abs(quantity) > 1e-9 && bars !== undefined) notional += Math.abs(quantity) * bars.close[bars.length - 1];
    }
    assert.equal(stressed.positions.length, [...held.values()].filter((quantity) => Math.abs(quantity) > 1e-9).length, 'one stressed position per symbol the fills leave open');
    const funding = stressed.results.find((result) => result.scenario === 'funding-spike');
    assert.ok(funding !== undefined && Math.abs(funding.pnl + notional * 0.009) < 1e-6, `funding spike ${funding?.pnl} against ${-notional * 0.009}`);
    assert.ok(['OK', 'WARNING', 'CRITICAL'].includes(stressed.worst));

    // A decision the replay would not make, written into the week's record: that sleeve's agreement drops and the report flags it.
    await store.recordSignal({ atMs: lastBarMs - 2 * HOUR_MS, sleeve: 'ETH', symbol: 'ETHUSDT', strategy: 'tsmom_multi_ema', target: 0.123, confidence: null });
    const tampered = await prodReportFromStore({ store, config: inForce.loaded.config, profiles: inForce.profiles, period: 'weekly', dateMs: lastBarMs, nowMs, replay });
    assert.ok(tampered.replay?.compared === true && !tampered.replay.consistent);
    const eth = tampered.replay.sleeves.find((sleeve) => sleeve.sleeve === 'ETH');
    assert.ok(eth !== undefined && eth.signalAgreementPct < 100 && eth.signalsRecorded === eth.signalsReplayed + 1);
    assert.match(renderProdReportMarkdown(tampered), /FLAGGED: the record differs from the replay/);
  } finally {
    await store.close();
  }
});
