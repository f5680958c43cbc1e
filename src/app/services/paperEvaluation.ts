import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { runBacktestKernel, type KernelResult } from '../../engine/backtest/runBacktestKernel.ts';
import { PaperGate } from '../../engine/paper/paperGate.ts';
import { paperJournal, type JournalSleeve, type PaperJournal } from '../../engine/paper/paperJournal.ts';
import type { ManualCommand } from '../../engine/paper/manualCommand.ts';
import type { TradingStateChanged } from '../../risk/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';
import { buildSleeveInputs, engineSettingsFrom, type SleeveDataSource } from './runBacktest.ts';

export interface ReplayRequest {
  readonly loaded: LoadedConfig;
  readonly feed: MarketFeed;
  /** The clock's time: only bars closed by then are used. */
  readonly nowMs: number;
  /** Open time of the session's first bar. */
  readonly startMs: number;
  readonly commands: readonly ManualCommand[];
  /** The risk guard's stored decisions: their size multipliers scale new targets from their times on. */
  readonly sizeMultipliers?: ReadonlyArray<{ readonly account: string; readonly atMs: number; readonly sizeMultiplier: number }>;
}

export interface ReplayOutcome {
  readonly journal: PaperJournal;
  readonly result: KernelResult | undefined;
  /** Risk-engine state transitions of the replay, manual ones excluded (their command recorded them). */
  readonly stateChanges: readonly TradingStateChanged[];
  readonly sleeves: readonly JournalSleeve[];
}

const EMPTY_JOURNAL: PaperJournal = { signals: [], orders: [], denials: [], funding: [], equity: [], lastBarTimeMs: Number.NaN };

/**
 * Replays the session from its first bar to the latest bar every sleeve has closed, through the
 * backtest's own kernel, strategies, risk gate and fill model: the paper runner's single source of
 * truth, so a restart recomputes exactly what the last process would have written.
 */
export async function replayPaperSession(request: ReplayRequest): Promise<ReplayOutcome> {
  const { config } = request.loaded;
  const timeframe = config.data.timeframe;
  const loadedBars: CandleSeries[] = [];
  for (const sleeve of config.sleeves) loadedBars.push(await request.feed.closedBars(sleeve.symbol, timeframe, request.nowMs));
  // Every sleeve stops at the same bar, so a lagging feed never changes what earlier bars decided.
  let cutoffMs = Number.POSITIVE_INFINITY;
  for (const bars of loadedBars) cutoffMs = Math.min(cutoffMs, bars.length > 0 ? bars.time[bars.length - 1] : Number.NEGATIVE_INFINITY);
  const sleeves: JournalSleeve[] = config.sleeves.map((sleeve) => {
    const filters = { ...config.instrument, ...sleeve.instrument };
    return { name: sleeve.name, account: sleeve.account, symbol: sleeve.symbol, strategy: '', weight: sleeve.weight, lotStep: filters.lotStep, tickSize: filters.tickSize };
  });
  if (!loadedBars.every((bars) => hasBarWithin(bars, request.startMs, cutoffMs))) return { journal: EMPTY_JOURNAL, result: undefined, stateChanges: [], sleeves };
  const dataSource: SleeveDataSource = {
    load: async (sleeve, index) => {
      const mark = await request.feed.closedBars(sleeve.symbol, `${timeframe}-mark`, request.nowMs);
      return {
        candles: loadedBars[index],
        funding: await request.feed.settledFunding(sleeve.symbol, request.nowMs),
        mark: mark.length > 0 ? mark : undefined,
        source: `paper feed ${sleeve.symbol} ${timeframe}`,
        synthetic: false,
      };
    },
  };
  const { inputs } = await buildSleeveInputs(request.loaded, dataSource, request.startMs, cutoffMs);
  inputs.forEach((input, index) => (sleeves[index] = { ...sleeves[index], strategy: input.strategyName }));
  const riskCommands = request.commands.flatMap((command) =>
    command.kind === 'flatten' ? [] : [{ timeMs: command.timeMs, kind: command.kind, account: command.account, reason: command.reason }],
  );
  const { gate: riskGate } = createRiskGate(config, { manualCommands: riskCommands });
  const gate = new PaperGate({ sleeves, barMs: timeframeToMs(timeframe), commands: request.commands, inner: riskGate, ...(request.sizeMultipliers !== undefined ? { sizeMultipliers: request.sizeMultipliers } : {}) });
  const settings = engineSettingsFrom(config);
  // Positions stay open at the last bar: no end-of-data close, the equity is marked at the last close.
  const result = runBacktestKernel(inputs, settings, { gate, equityObserver: gate, closeAtEnd: false });
  const stateChanges = riskGate.summary().stateChanges.filter((change) => !change.trigger.startsWith('MANUAL_') && change.timeMs <= cutoffMs);
  return { journal: paperJournal(result, sleeves, gate.denials, settings.initialCapital), result, stateChanges, sleeves };
}

/** Whether `series` has a bar with open time in [fromMs, toMs]. */
function hasBarWithin(series: CandleSeries, fromMs: number, toMs: number): boolean {
  for (let i = series.length - 1; i >= 0 && series.time[i] >= fromMs; i--) if (series.time[i] <= toMs) return true;
  return false;
}
