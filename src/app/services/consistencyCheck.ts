import { periodFigures, roundTrips, type MetricFill, type PeriodFigures } from '../../ops/liveMetrics/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { replayPaperSession } from './paperEvaluation.ts';
import { loadManualCommands, loadPaperSession } from './paperSessionRecords.ts';

export interface ConsistencyReport {
  readonly fromMs: number;
  readonly toMs: number;
  readonly signalsRecorded: number;
  readonly signalsReplayed: number;
  /** Percent of the union of recorded and replayed signals present in both (100 when both are empty). */
  readonly signalAgreementPct: number;
  readonly fillsRecorded: number;
  readonly fillsReplayed: number;
  readonly fillAgreementPct: number;
  /** Cash flow of the recorded fills minus that of the replayed fills in the window (quote currency). */
  readonly pnlDeviation: number;
  /** Round trips closed in the window, from the recorded fills and from the replayed ones (fills up to the window's end). */
  readonly tradesRecorded: number;
  readonly tradesReplayed: number;
  /** Return, Sharpe and max drawdown of the window: the stored equity (all accounts summed) and the replay's. */
  readonly recordedFigures: PeriodFigures;
  readonly replayedFigures: PeriodFigures;
  /** Per sleeve of the config: its decisions recorded and replayed in the window and their agreement. */
  readonly sleeves: ReadonlyArray<{ readonly sleeve: string; readonly signalsRecorded: number; readonly signalsReplayed: number; readonly signalAgreementPct: number }>;
  readonly ok: boolean;
}

/**
 * Compares what the store recorded in [fromMs, toMs] with a fresh replay of the session (from its
 * first bar, with the recorded operator commands) over the same bars.
 */
export async function checkConsistency(input: {
  loaded: LoadedConfig;
  store: TradeStore;
  feed: MarketFeed;
  fromMs: number;
  toMs: number;
  nowMs: number;
  pnlTolerance: number;
  /**
   * A record without a paper session (a live account): the first bar to replay from, and how far after
   * a bar's open the record stamps that bar's closing equity (the live runner stamps it at the close
   * it read it, the kernel at the bar's open).
   */
  replayFrom?: { readonly startMs: number; readonly equityStampShiftMs: number };
}): Promise<ConsistencyReport> {
  const session = input.replayFrom ?? (await loadPaperSession(input.store));
  if (!session) throw new Error('the store holds no paper session: run `rampart run --paper` first');
  const shiftMs = input.replayFrom?.equityStampShiftMs ?? 0;
  const commands = await loadManualCommands(input.store, input.nowMs);
  const replay = await replayPaperSession({ loaded: input.loaded, feed: input.feed, nowMs: input.nowMs, startMs: session.startMs, commands });
  const inWindow = (atMs: number): boolean => atMs >= input.fromMs && atMs <= input.toMs;
  const lastReplayedMs = replay.journal.lastBarTimeMs;
  const recordedSignals = (await input.store.listSignals({ fromMs: input.fromMs, toMs: input.toMs })).map((s) => `${s.sleeve}|${s.atMs}|${s.target}`);
  const replayedSignals = replay.journal.signals.filter((s) => inWindow(s.atMs)).map((s) => `${s.sleeve}|${s.atMs}|${s.target}`);
  const recordedFills = await input.store.listFills({ fromMs: input.fromMs, toMs: input.toMs });
  const replayedFills = replay.journal.orders.map((order) => order.fill).filter((fill) => inWindow(fill.atMs));
  const fillKey = (fill: { tradeId: string; side: string; quantity: string; price: string; atMs: number }): string =>
    `${fill.tradeId}|${fill.side}|${fill.quantity}|${fill.price}|${fill.atMs}`;
  const cash = (fills: ReadonlyArray<{ side: string; quantity: string; price: string; fee: string }>): number =>
    fills.reduce((sum, fill) => sum + (fill.side === 'BUY' ? -1 : 1) * Number(fill.quantity) * Number(fill.price) - Number(fill.fee), 0);
  // Records after the last bar the replay could see are not the replay's to judge.
  const recordedInReach = recordedFills.filter((fill) => !(fill.atMs > lastReplayedMs));
  const signalAgreementPct = agreementPct(recordedSignals, replayedSignals);
  const fillAgreementPct = agreementPct(recordedInReach.map(fillKey), replayedFills.map(fillKey));
  const pnlDeviation = cash(recordedInReach) - cash(replayedFills);
  // Trips need the fills before the window too (a position opened before it closes inside it).
  const sleeveOf = new Map((await input.store.listIntents()).map((intent) => [intent.clientOrderId, intent.sleeve]));
  const asMetric = (fill: { clientOrderId: string | null; symbol: string; side: 'BUY' | 'SELL'; quantity: string; price: string; fee: string; atMs: number }, sleeve: string | undefined): MetricFill => ({
    sleeve: sleeve ?? 'unattributed', symbol: fill.symbol, side: fill.side, quantity: Number(fill.quantity), price: Number(fill.price), fee: Number(fill.fee), atMs: fill.atMs,
  });
  const tripsIn = (fills: readonly MetricFill[]): number => roundTrips(fills).filter((trip) => inWindow(trip.closedAtMs)).length;
  const recordedUpTo = (await input.store.listFills({ toMs: Math.min(input.toMs, lastReplayedMs) })).map((fill) => asMetric(fill, fill.clientOrderId === null ? undefined : sleeveOf.get(fill.clientOrderId)));
  const replayedUpTo = replay.journal.orders.filter((order) => order.fill.atMs <= input.toMs).map((order) => asMetric(order.fill, order.intent.sleeve));
  const signalsOf = (keys: readonly string[], sleeve: string): string[] => keys.filter((key) => key.startsWith(`${sleeve}|`));
  const sleeves = input.loaded.config.sleeves.map(({ name }) => ({
    sleeve: name,
    signalsRecorded: signalsOf(recordedSignals, name).length,
    signalsReplayed: signalsOf(replayedSignals, name).length,
    signalAgreementPct: agreementPct(signalsOf(recordedSignals, name), signalsOf(replayedSignals, name)),
  }));
  const summed = new Map<number, number>();
  for (const account of new Set(input.loaded.config.sleeves.map((sleeve) => sleeve.account))) {
    for (const snapshot of await input.store.listEquitySnapshots(account, { toMs: input.toMs })) summed.set(snapshot.atMs, (summed.get(snapshot.atMs) ?? 0) + Number(snapshot.equity));
  }
  const recordedPoints = [...summed].map(([atMs, equity]) => ({ atMs, equity }));
  const replayedPoints = replay.result === undefined ? [] : Array.from(replay.result.sampleTimeMs, (atMs, index) => ({ atMs: atMs + shiftMs, equity: (replay.result as NonNullable<typeof replay.result>).sampleEquity[index] }));
  return {
    recordedFigures: periodFigures(recordedPoints, input.fromMs, input.toMs),
    replayedFigures: periodFigures(replayedPoints, input.fromMs, input.toMs),
    fromMs: input.fromMs,
    toMs: input.toMs,
    signalsRecorded: recordedSignals.length,
    signalsReplayed: replayedSignals.length,
    signalAgreementPct,
    fillsRecorded: recordedInReach.length,
    fillsReplayed: replayedFills.length,
    fillAgreementPct,
    pnlDeviation,
    tradesRecorded: tripsIn(recordedUpTo),
    tradesReplayed: tripsIn(replayedUpTo),
    sleeves,
    ok: signalAgreementPct === 100 && fillAgreementPct === 100 && Math.abs(pnlDeviation) <= input.pnlTolerance,
  };
}

/** Matched items (as multisets) over all distinct items, in percent. */
function agreementPct(recorded: readonly string[], replayed: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const key of recorded) counts.set(key, (counts.get(key) ?? 0) + 1);
  let matched = 0;
  for (const key of replayed) {
    const left = counts.get(key) ?? 0;
    if (left > 0) {
      matched++;
      counts.set(key, left - 1);
    }
  }
  const total = recorded.length + replayed.length - matched;
  return total === 0 ? 100 : (100 * matched) / total;
}
