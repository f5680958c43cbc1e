import { InputError } from '../../domain/errors/inputError.ts';
import { sliceCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { EngineSettings, SleeveInput } from '../../engine/engineSettings.ts';
import { runBacktestKernel, type KernelOptions, type KernelResult } from '../../engine/backtest/runBacktestKernel.ts';
import { buildBacktestReport } from '../../engine/report/buildBacktestReport.ts';
import type { BacktestReport } from '../../engine/report/backtestReport.ts';
import type { RampartConfig, SleeveConfig } from '../config/configSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { RiskEngine } from '../../risk/index.ts';
import { createRiskGate, type CreateRiskGateOptions } from './createRiskGate.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { assertKnownParams, atSleeveKey } from './sleeveKeyErrors.ts';
import { resolveBarInterval } from './resolveBarInterval.ts';
import { checkSleeveData } from './checkSleeveData.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';

/** Candles for a sleeve, and where they came from (a report names its sources). */
export interface LoadedSleeveData {
  readonly candles: CandleSeries;
  readonly funding?: FundingSeries;
  readonly mark?: CandleSeries;
  readonly source: string;
  readonly synthetic: boolean;
  /** Something the operator must read about this data (a forced import), shown before the figures. */
  readonly warning?: string;
}

/** Where sleeve data comes from: files named in the config, the candle store, or synthetic fallback. */
export interface SleeveDataSource {
  load(sleeve: SleeveConfig, index: number, config: RampartConfig, baseDir: string): Promise<LoadedSleeveData>;
}

export interface BacktestRequest {
  readonly loaded: LoadedConfig;
  readonly dataSource: SleeveDataSource;
  /** ISO-8601 bounds: bars with open time in [from, to] are used. */
  readonly from?: string;
  readonly to?: string;
  readonly onProgress?: KernelOptions['onProgress'];
  /** Replayed kills/resets and saved risk state; there is no option to run without the risk gate. */
  readonly risk?: CreateRiskGateOptions;
}

export interface BacktestOutcome {
  readonly report: BacktestReport;
  readonly result: KernelResult;
  readonly settings: EngineSettings;
  readonly riskEngine: RiskEngine;
  /** What the operator must read before the figures: forced imports, sleeves of unequal coverage. */
  readonly warnings: string[];
}

/** Engine settings from the validated config: the one place config turns into engine numbers. */
export function engineSettingsFrom(config: RampartConfig, barIntervalMs = timeframeToMs(config.data.timeframe)): EngineSettings {
  const futures = config.market.type === 'futures' ? config.market : undefined;
  return {
    initialCapital: config.capital.initial,
    leverage: futures ? futures.leverage : 1,
    allowShort: futures !== undefined,
    liquidation: futures !== undefined,
    maintenanceMarginRate: futures ? futures.maintenanceMarginRate : 0,
    feeBps: config.execution.feeBps,
    slippageBps: config.execution.slippageBps,
    tradeOn: config.execution.tradeOn,
    endOfData: config.execution.endOfData,
    sizing: { mode: config.sizing.mode, notional: config.sizing.notional, riskPerTrade: config.sizing.riskPerTradePct / 100, ...(config.sizing.quantity !== undefined ? { quantity: config.sizing.quantity } : {}) },
    funding: {
      enabled: futures !== undefined && config.funding.enabled,
      constantRate: config.funding.constantRateBps / 10_000,
      intervalMs: config.funding.intervalHours * 3_600_000,
    },
    periodsPerYear: config.metrics.periodsPerYear ?? (config.metrics.daysPerYear * 86_400_000) / barIntervalMs,
    daysPerYear: config.metrics.daysPerYear,
  };
}

export interface BuiltSleeves {
  readonly inputs: SleeveInput[];
  readonly dataSources: BacktestReport['meta']['dataSources'];
  /** Warnings of the sleeves' data sources (forced imports). */
  readonly warnings: string[];
}

/**
 * Every sleeve's kernel input (strategy, bars with open time in [fromMs, toMs], funding, mark,
 * filters): the one builder the backtest and the paper replay share, so both trade the same thing.
 * A user strategy's exception becomes an InputError naming the sleeve; a sleeve without bars too.
 */
export async function buildSleeveInputs(loaded: LoadedConfig, dataSource: SleeveDataSource, fromMs?: number, toMs?: number): Promise<BuiltSleeves> {
  const { config, baseDir } = loaded;
  const inputs: SleeveInput[] = [];
  const dataSources: BacktestReport['meta']['dataSources'] = [];
  const warnings: string[] = [];
  for (const [index, sleeve] of config.sleeves.entries()) {
    const definition = await atSleeveKey(loaded, ['sleeves', index, 'strategy'], () => loadStrategyDefinition(sleeve.strategy, baseDir));
    const created = await atSleeveKey(loaded, ['sleeves', index, 'params'], () => {
      assertKnownParams(definition, sleeve.params, `sleeves[${index}].params`);
      return createStrategy(definition, sleeve.params, `sleeves[${index}].params`);
    });
    // Only user code is wrapped: built-ins keep a direct call in the hot loop.
    const strategy = getBuiltInStrategy(sleeve.strategy) ? created : new ReportingStrategy(created, sleeve.name, index, sleeve.strategy, baseDir);
    const data = await atSleeveKey(loaded, sleeve.data?.file !== undefined ? ['sleeves', index, 'data', 'file'] : ['sleeves', index], () => dataSource.load(sleeve, index, config, baseDir));
    const candles = clip(data.candles, fromMs, toMs);
    if (candles.length === 0) {
      throw new InputError(`sleeve ${sleeve.name}: no bars of ${data.source} fall within ${isoOr(fromMs, 'start')} … ${isoOr(toMs, 'end')}`, {
        keyPath: `sleeves[${index}]`,
        value: sleeve.name,
      });
    }
    inputs.push({
      name: sleeve.name,
      symbol: sleeve.symbol,
      strategyName: definition.name,
      weight: sleeve.weight,
      strategy,
      candles,
      funding: data.funding,
      mark: data.mark,
      filters: { ...config.instrument, ...sleeve.instrument },
    });
    dataSources.push({ sleeve: sleeve.name, source: data.source, synthetic: data.synthetic });
    if (data.warning !== undefined) warnings.push(data.warning);
  }
  return { inputs, dataSources, warnings };
}

function isoOr(timeMs: number | undefined, fallback: string): string {
  return timeMs === undefined ? fallback : new Date(timeMs).toISOString();
}

/** Builds every sleeve (strategy + data), runs the kernel and builds the report. */
export async function runBacktest(request: BacktestRequest): Promise<BacktestOutcome> {
  const { config } = request.loaded;
  const fromMs = parseBound(request.from, '--from');
  const toMs = parseBound(request.to, '--to');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw new InputError(`--from must not be after --to, was ${request.from} > ${request.to}`, { keyPath: '--from', value: request.from });
  }
  const { inputs, dataSources, warnings } = await buildSleeveInputs(request.loaded, request.dataSource, fromMs, toMs);
  warnings.push(...checkSleeveData(request.loaded, inputs, dataSources));
  const barIntervalMs = resolveBarInterval(request.loaded, inputs, dataSources.map((source) => source.synthetic));
  const settings = engineSettingsFrom(config, barIntervalMs);
  const resetAfterHours = config.backtest.operatorResetAfterHours;
  const { gate, engine } = createRiskGate(config, { ...request.risk, ...(resetAfterHours !== undefined ? { modelledResetAfterMs: resetAfterHours * 3_600_000 } : {}) });
  const result = runBacktestKernel(inputs, settings, { onProgress: request.onProgress, gate, equityObserver: gate });
  const report = buildBacktestReport(result, settings, {
    name: config.name,
    configHash: request.loaded.sha256,
    currency: config.capital.currency,
    barIntervalMs,
    dataSources,
    risk: gate.summary(),
  });
  return { report, result, settings, riskEngine: engine, warnings };
}

function parseBound(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const timeMs = Date.parse(value);
  if (!Number.isFinite(timeMs)) throw new InputError(`${flag} must be an ISO-8601 date, was "${value}"`, { keyPath: flag, value });
  return timeMs;
}

/** The bars whose open time lies in [fromMs, toMs]; a view, no copy. */
function clip(series: CandleSeries, fromMs: number | undefined, toMs: number | undefined): CandleSeries {
  if (fromMs === undefined && toMs === undefined) return series;
  let start = 0;
  let end = series.length;
  if (fromMs !== undefined) while (start < end && series.time[start] < fromMs) start++;
  if (toMs !== undefined) while (end > start && series.time[end - 1] > toMs) end--;
  return sliceCandleSeries(series, start, end);
}

/** A user strategy whose exceptions become InputErrors naming the sleeve, its strategy file and the bar. */
class ReportingStrategy implements Strategy {
  readonly name: string;
  readonly warmupBars: number;

  constructor(
    private readonly inner: Strategy,
    private readonly sleeveName: string,
    private readonly index: number,
    private readonly file: string,
    private readonly baseDir: string,
  ) {
    this.name = inner.name;
    this.warmupBars = inner.warmupBars;
  }

  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void {
    try {
      this.inner.onBar(bar, position, signal);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const at = Number.isFinite(bar.time) ? new Date(bar.time).toISOString() : String(bar.time);
      throw new InputError(
        `sleeve ${this.sleeveName}: strategy ${this.file} (resolved against ${this.baseDir}) threw in onBar at bar ${at}: ${reason}`,
        { file: this.file, keyPath: `sleeves[${this.index}].strategy`, value: this.file },
        { cause: error },
      );
    }
  }
}
