import { figuresAgree, type ReportReplay } from '../../ops/prodReport/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { checkConsistency } from './consistencyCheck.ts';
import { loadPaperSession } from './paperSessionRecords.ts';

/** The PnL deviation (quote asset) a replay may show and still read as consistent: rounding of stored decimals. */
export const REPLAY_PNL_TOLERANCE = 1e-6;

/**
 * The weekly and monthly reports' live-versus-backtest replay: the paper session replayed through the
 * backtest kernel from its first bar with the same config, candles and recorded operator commands
 * (`rampart consistency`), compared with the store over the period. A store without a paper session
 * (a live account) is not compared yet, and says so; a replay that fails says why.
 */
export function periodReplay(loaded: LoadedConfig, store: TradeStore, feed: MarketFeed, nowMs: number): (fromMs: number, toMs: number) => Promise<ReportReplay> {
  return async (fromMs, toMs) => {
    if ((await loadPaperSession(store)) === undefined) return { compared: false, reason: 'the store holds no paper session; the replay of a live account is not built yet' };
    try {
      const report = await checkConsistency({ loaded, store, feed, fromMs, toMs, nowMs, pnlTolerance: REPLAY_PNL_TOLERANCE });
      const { signalsRecorded, signalsReplayed, signalAgreementPct, fillsRecorded, fillsReplayed, fillAgreementPct, tradesRecorded, tradesReplayed, pnlDeviation, sleeves, recordedFigures, replayedFigures } = report;
      const consistent = report.ok && tradesRecorded === tradesReplayed && figuresAgree(recordedFigures, replayedFigures);
      return { compared: true, signalsRecorded, signalsReplayed, signalAgreementPct, fillsRecorded, fillsReplayed, fillAgreementPct, tradesRecorded, tradesReplayed, pnlDeviation, sleeves, recordedFigures, replayedFigures, consistent };
    } catch (error) {
      return { compared: false, reason: `the replay failed: ${(error as Error).message}` };
    }
  };
}
