import { figuresAgree, type ReportReplay } from '../../ops/prodReport/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { checkConsistency } from './consistencyCheck.ts';
import { loadPaperSession } from './paperSessionRecords.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';

/** The PnL deviation (quote asset) a replay may show and still read as consistent: rounding of stored decimals. */
export const REPLAY_PNL_TOLERANCE = 1e-6;

/**
 * The weekly and monthly reports' live-versus-backtest replay: the paper session replayed through the
 * backtest kernel from its first bar with the same config, candles and recorded operator commands
 * (`rampart consistency`), compared with the store over the period. A store without a paper session
 * (a live account) is replayed from its first stored equity snapshot and judged on the figures and the
 * trade count only (see liveReplayStart); a replay that fails says why.
 */
export function periodReplay(loaded: LoadedConfig, store: TradeStore, feed: MarketFeed, nowMs: number): (fromMs: number, toMs: number) => Promise<ReportReplay> {
  return async (fromMs, toMs) => {
    try {
      const live = (await loadPaperSession(store)) === undefined;
      const replayFrom = live ? await liveReplayStart(loaded, store) : undefined;
      if (live && replayFrom === undefined) return { compared: false, reason: 'the store holds no paper session and no equity snapshot of the config\'s accounts: nothing to replay from' };
      const report = await checkConsistency({ loaded, store, feed, fromMs, toMs, nowMs, pnlTolerance: REPLAY_PNL_TOLERANCE, ...(replayFrom === undefined ? {} : { replayFrom }) });
      // Without the period's bars nothing was replayed: an empty replay must not read as agreement.
      if (live && !Number.isFinite(report.replayedFigures.returnPct)) return { compared: false, reason: 'the replay has no bars in the period (are the candles in the data store?)' };
      const { signalsRecorded, signalsReplayed, signalAgreementPct, fillsRecorded, fillsReplayed, fillAgreementPct, tradesRecorded, tradesReplayed, pnlDeviation, sleeves, recordedFigures, replayedFigures } = report;
      // A live record's fills carry the venue's trade ids and prices, which no replay reproduces: it is judged on its figures and trade count.
      const consistent = (live || report.ok) && tradesRecorded === tradesReplayed && figuresAgree(recordedFigures, replayedFigures);
      return { compared: true, signalsRecorded, signalsReplayed, signalAgreementPct, fillsRecorded, fillsReplayed, fillAgreementPct, tradesRecorded, tradesReplayed, pnlDeviation, sleeves, recordedFigures, replayedFigures, consistent, ...(live ? { live: true as const } : {}) };
    } catch (error) {
      return { compared: false, reason: `the replay failed: ${(error as Error).message}` };
    }
  };
}

/**
 * Where a live account's replay starts: the bar its first stored equity snapshot closes (the snapshot's
 * time floored to the bar, less one bar: the runner reads a bar's equity at its close, just after it).
 * For the same reason the replay's equity (the kernel stamps a bar's closing equity with its open) is
 * shifted one bar to compare like with like. The live runner stores no signals: none are compared.
 */
async function liveReplayStart(loaded: LoadedConfig, store: TradeStore): Promise<{ startMs: number; equityStampShiftMs: number } | undefined> {
  const barMs = timeframeToMs(loaded.config.data.timeframe);
  let firstMs = Number.POSITIVE_INFINITY;
  for (const account of new Set(loaded.config.sleeves.map((sleeve) => sleeve.account))) {
    const [first] = await store.listEquitySnapshots(account);
    if (first !== undefined) firstMs = Math.min(firstMs, first.atMs);
  }
  return Number.isFinite(firstMs) ? { startMs: Math.floor(firstMs / barMs) * barMs - barMs, equityStampShiftMs: barMs } : undefined;
}
