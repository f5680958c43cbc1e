import { sliceCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { SleeveInput } from '../../engine/engineSettings.ts';
import { runBacktestKernel, type KernelResult } from '../../engine/backtest/runBacktestKernel.ts';
import { PaperGate } from '../../engine/paper/paperGate.ts';
import { paperJournal, type JournalSleeve, type PaperJournal } from '../../engine/paper/paperJournal.ts';
import type { ManualCommand } from '../../engine/paper/manualCommand.ts';
import type { TradingStateChanged } from '../../risk/index.ts';
import type { MarketFeed } from '../../ports/marketFeed.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { engineSettingsFrom } from './runBacktest.ts';

export interface ReplayRequest {
  readonly loaded: LoadedConfig;
  readonly feed: MarketFeed;
  /** The clock's time: only bars closed by then are used. */
  readonly nowMs: number;
  /** Open time of the session's first bar. */
  readonly startMs: number;
  readonly commands: readonly ManualCommand[];
}

export interface ReplayOutcome {
  readonly journal: PaperJournal;
  readonly result: KernelResult | undefined;
  /** Risk-engine state transitions of the replay, manual ones excluded (their command recorded them). */
  readonly stateChanges: readonly TradingStateChanged[];
  readonly sleeves: readonly JournalSleeve[];
}

const EMPTY_JOURNAL: PaperJournal = { signals: [], orders: [], denials: [], equity: [], lastBarTimeMs: Number.NaN };

/**
 * Replays the session from its first bar to the latest bar every sleeve has closed, through the
 * backtest's own kernel, strategies, risk gate and fill model: the paper runner's single source of
 * truth, so a restart recomputes exactly what the last process would have written.
 */
export async function replayPaperSession(request: ReplayRequest): Promise<ReplayOutcome> {
  const { config, baseDir } = request.loaded;
  const timeframe = config.data.timeframe;
  const loadedBars: CandleSeries[] = [];
  for (const sleeve of config.sleeves) loadedBars.push(await request.feed.closedBars(sleeve.symbol, timeframe, request.nowMs));
  // Every sleeve stops at the same bar, so a lagging feed never changes what earlier bars decided.
  let cutoffMs = Number.POSITIVE_INFINITY;
  for (const bars of loadedBars) cutoffMs = Math.min(cutoffMs, bars.length > 0 ? bars.time[bars.length - 1] : Number.NEGATIVE_INFINITY);
  const sleeves: JournalSleeve[] = [];
  const inputs: SleeveInput[] = [];
  for (const [index, sleeve] of config.sleeves.entries()) {
    const definition = await loadStrategyDefinition(sleeve.strategy, baseDir);
    const filters = { ...config.instrument, ...sleeve.instrument };
    sleeves.push({ name: sleeve.name, account: sleeve.account, symbol: sleeve.symbol, strategy: definition.name, weight: sleeve.weight, lotStep: filters.lotStep, tickSize: filters.tickSize });
    const candles = between(loadedBars[index], request.startMs, cutoffMs);
    if (candles.length === 0) return { journal: EMPTY_JOURNAL, result: undefined, stateChanges: [], sleeves };
    const mark = await request.feed.closedBars(sleeve.symbol, `${timeframe}-mark`, request.nowMs);
    inputs.push({
      name: sleeve.name,
      symbol: sleeve.symbol,
      strategyName: definition.name,
      weight: sleeve.weight,
      strategy: createStrategy(definition, sleeve.params, `sleeves[${index}].params`),
      candles,
      funding: await request.feed.settledFunding(sleeve.symbol, request.nowMs),
      mark: mark.length > 0 ? mark : undefined,
      filters,
    });
  }
  const riskCommands = request.commands.flatMap((command) =>
    command.kind === 'flatten' ? [] : [{ timeMs: command.timeMs, kind: command.kind, account: command.account, reason: command.reason }],
  );
  const { gate: riskGate } = createRiskGate(config, { manualCommands: riskCommands });
  const gate = new PaperGate({ sleeves, barMs: timeframeToMs(timeframe), commands: request.commands, inner: riskGate });
  const settings = engineSettingsFrom(config);
  const result = runBacktestKernel(inputs, settings, { gate, equityObserver: gate });
  const stateChanges = riskGate.summary().stateChanges.filter((change) => !change.trigger.startsWith('MANUAL_') && change.timeMs <= cutoffMs);
  return { journal: paperJournal(result, sleeves, gate.denials, settings.initialCapital), result, stateChanges, sleeves };
}

/** Bars with open time in [fromMs, toMs]. */
function between(series: CandleSeries, fromMs: number, toMs: number): CandleSeries {
  let start = 0;
  let end = series.length;
  while (start < end && series.time[start] < fromMs) start++;
  while (end > start && series.time[end - 1] > toMs) end--;
  return start === 0 && end === series.length ? series : sliceCandleSeries(series, start, end);
}
