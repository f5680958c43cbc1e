import { InputError } from '../../domain/errors/inputError.ts';
import { sliceCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { EngineSettings, SleeveInput } from '../../engine/engineSettings.ts';
import { runBacktestKernel, type KernelOptions, type KernelResult } from '../../engine/backtest/runBacktestKernel.ts';
import { backtestMetrics, buildBacktestReport } from '../../engine/report/buildBacktestReport.ts';
import type { BacktestReport } from '../../engine/report/backtestReport.ts';
import type { RampartConfig, SleeveConfig } from '../config/configSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { RiskEngine } from '../../risk/index.ts';
import { createRiskGate, type CreateRiskGateOptions } from './createRiskGate.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';
import { TracingStrategy } from './tracingStrategy.ts';
import { strategyTraceCsv } from './strategyTraceCsv.ts';
import { assertKnownParams, atSleeveKey } from './sleeveKeyErrors.ts';
import { resolveBarInterval } from './resolveBarInterval.ts';
import { checkSleeveData } from './checkSleeveData.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import { MARKET_COST_PRESETS, sleeveCostsOf, type SleeveCosts } from '../../domain/market/marketCosts.ts';

/** A sleeve's `costs` over its preset; fields left out without a preset take the config's execution figures. */
function sleeveCostsFromConfig(costs: NonNullable<SleeveConfig['costs']>, config: RampartConfig): SleeveCosts {
  const base = costs.preset === undefined ? { spreadPips: 0, pipSize: 1, commission: config.execution.feeBps / 10_000, slippage: config.execution.slippageBps / 10_000, minStopDistancePips: 0 } : MARKET_COST_PRESETS[costs.preset];
  const { preset: _preset, ...overrides } = costs;
  return sleeveCostsOf({ ...base, ...overrides });
}
import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';

/** Candles for a sleeve, and where they came from (a report names its sources). */
export interface LoadedSleeveData {
  readonly candles: CandleSeries;
  readonly funding?: FundingSeries;
  readonly mark?: CandleSeries;
  readonly source: string;
  readonly synthetic: boolean;
  /** Where `funding` and `mark` came from (a file or a store series), when they were loaded. */
  readonly fundingSource?: string;
  readonly markSource?: string;
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
  /** Trace this sleeve bar by bar (`backtest --trace`): the outcome then carries its CSV. */
  readonly traceSleeve?: string;
  /** Given the trace up to the failing bar when the run throws (a strategy error, a refused target). */
  readonly onTraceOnFailure?: (csv: string) => void;
}

export interface BacktestOutcome {
  readonly report: BacktestReport;
  readonly result: KernelResult;
  readonly settings: EngineSettings;
  readonly riskEngine: RiskEngine;
  /** The traced sleeve's bar-by-bar CSV, when `traceSleeve` was given. */
  readonly traceCsv?: string;
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
    // Staged risk: backtests (and paper replays) size from the first step; the live runner reads the stored one.
    sizing: { mode: config.sizing.mode, notional: config.sizing.notional, riskPerTrade: config.sizing.stages?.steps[0] ?? config.sizing.riskPerTradePct / 100, ...(config.sizing.quantity !== undefined ? { quantity: config.sizing.quantity } : {}) },
    funding: {
      enabled: futures !== undefined && config.funding.enabled,
      constantRate: config.funding.constantRateBps / 10_000,
      intervalMs: config.funding.intervalHours * 3_600_000,
    },
    periodsPerYear: config.metrics.periodsPerYear ?? (config.metrics.daysPerYear * 86_400_000) / barIntervalMs,
    daysPerYear: config.metrics.daysPerYear,
    intrabarExitOrder: config.execution.intrabarExitOrder,
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
    const definition = await atSleeveKey(loaded, ['sleeves', index, 'strategy'], () => loadStrategyDefinition(sleeve.strategy, baseDir, config.data.timeframe));
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
      ...(sleeve.costs === undefined ? {} : { costs: sleeveCostsFromConfig(sleeve.costs, config) }),
    });
    dataSources.push({
      sleeve: sleeve.name,
      source: data.source,
      synthetic: data.synthetic,
      funding: fundingSourceText(config, data),
      mark: data.markSource ?? 'none: funding is paid on the traded price',
    });
    if (data.warning !== undefined) warnings.push(data.warning);
  }
  return { inputs, dataSources, warnings };
}

/** The funding the run applied to a sleeve, in words: a series' source, the config's constant rate, or none. */
function fundingSourceText(config: RampartConfig, data: LoadedSleeveData): string {
  if (config.market.type !== 'futures') return 'none: spot market';
  if (!config.funding.enabled) return 'none: funding.enabled is false';
  if (data.fundingSource !== undefined) return data.fundingSource;
  if (config.funding.constantRateBps === 0) return 'none: no funding series and funding.constantRateBps is 0';
  return `constant ${config.funding.constantRateBps} bps every ${config.funding.intervalHours}h (config funding.constantRateBps)`;
}

function isoOr(timeMs: number | undefined, fallback: string): string {
  return timeMs === undefined ? fallback : new Date(timeMs).toISOString();
}

/** Builds every sleeve (strategy + data), runs the kernel and builds the report. */
export async function runBacktest(request: BacktestRequest): Promise<BacktestOutcome> {
  const run = await runBacktestKernelFor(request, {});
  const { result, settings, gate, tracer } = run;
  const report = buildBacktestReport(result, settings, {
    name: request.loaded.config.name,
    configHash: request.loaded.sha256,
    currency: request.loaded.config.capital.currency,
    barIntervalMs: run.barIntervalMs,
    dataSources: run.dataSources,
    risk: gate.summary(),
  });
  const traceCsv = tracer ? strategyTraceCsv(tracer.sleeve, tracer.strategy.bars, { decisions: result.decisions, fills: result.fills, risk: gate.summary() }) : undefined;
  return { report, result, settings, riskEngine: run.engine, warnings: run.warnings, ...(traceCsv === undefined ? {} : { traceCsv }) };
}

/** What a sweep's run keeps of a backtest: the report's metrics and the kernel's equity samples. */
export interface BacktestMetricsOutcome {
  readonly metrics: BacktestReport['metrics'];
  readonly result: KernelResult;
}

/**
 * The same run as runBacktest, through the same sleeves, gate and kernel, reporting only the metrics
 * (`backtestMetrics`, which the full report takes too): a sweep run of 100k bars spent three quarters of
 * its time writing the trade list and equity points it then threw away.
 */
export async function runBacktestMetrics(request: Omit<BacktestRequest, 'traceSleeve' | 'onTraceOnFailure'>, maxEquitySamples?: number): Promise<BacktestMetricsOutcome> {
  // No denial or resize records either (the counts stay): a sweep's run of a REDUCING account kept a
  // thousand, which outlived the young generation and made its scavenges copy and promote them.
  const run = await runBacktestKernelFor(request, { keepFills: false, keepDecisions: false, ...(maxEquitySamples === undefined ? {} : { maxEquitySamples }) }, 0);
  return { metrics: backtestMetrics(run.result, run.settings, run.barIntervalMs), result: run.result };
}

/**
 * Loads the sleeves, builds the gate and runs the kernel: the part every backtest shares.
 * `maxRiskRecords`: the denials and resizes the gate keeps as records (its default when undefined).
 */
async function runBacktestKernelFor(request: BacktestRequest, keep: Pick<KernelOptions, 'keepFills' | 'keepDecisions' | 'maxEquitySamples'>, maxRiskRecords?: number) {
  const { config } = request.loaded;
  const fromMs = parseBound(request.from, '--from');
  const toMs = parseBound(request.to, '--to');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw new InputError(`--from must not be after --to, was ${request.from} > ${request.to}`, { keyPath: '--from', value: request.from });
  }
  const built = await buildSleeveInputs(request.loaded, request.dataSource, fromMs, toMs);
  const { dataSources, warnings } = built;
  warnings.push(...checkSleeveData(request.loaded, built.inputs, dataSources));
  const barIntervalMs = resolveBarInterval(request.loaded, built.inputs, dataSources.map((source) => source.synthetic));
  const settings = engineSettingsFrom(config, barIntervalMs);
  const tracer = request.traceSleeve === undefined ? undefined : traceInputs(built.inputs, request.traceSleeve);
  const inputs = tracer?.inputs ?? built.inputs;
  const resetAfterHours = config.backtest.operatorResetAfterHours;
  // A trace lists every denial and resize of its sleeve, not only the report's first 1,000.
  const { gate, engine } = createRiskGate(config, {
    ...request.risk,
    ...(maxRiskRecords !== undefined ? { maxRecords: maxRiskRecords } : {}),
    ...(tracer ? { maxRecords: Number.POSITIVE_INFINITY } : {}),
    ...(resetAfterHours !== undefined ? { modelledResetAfterMs: resetAfterHours * 3_600_000 } : {}),
  });
  let result: KernelResult;
  try {
    result = runBacktestKernel(inputs, settings, { onProgress: request.onProgress, gate, equityObserver: gate, ...keep });
  } catch (error) {
    // A strategy that fails mid-run leaves its trace up to the failing bar: the trace is how to see why.
    if (tracer && request.onTraceOnFailure) request.onTraceOnFailure(strategyTraceCsv(tracer.sleeve, tracer.strategy.bars, { decisions: [], fills: [], risk: { denials: [], resizes: [] } }));
    throw error;
  }
  return { result, settings, gate, engine, tracer, warnings, dataSources, barIntervalMs };
}

/** The inputs with `sleeve`'s strategy wrapped in a TracingStrategy; an unknown sleeve is an InputError listing the sleeves. */
function traceInputs(inputs: readonly SleeveInput[], sleeve: string): { inputs: SleeveInput[]; strategy: TracingStrategy; sleeve: string } {
  const index = inputs.findIndex((input) => input.name === sleeve);
  if (index < 0) {
    throw new InputError(`--trace names no sleeve of this config: "${sleeve}"; the sleeves are ${inputs.map((input) => input.name).join(', ')}`, { keyPath: '--trace', value: sleeve });
  }
  const strategy = new TracingStrategy(inputs[index].strategy);
  return { inputs: inputs.map((input, at) => (at === index ? { ...input, strategy } : input)), strategy, sleeve };
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

  indicatorValues(): Readonly<Record<string, number>> {
    return this.inner.indicatorValues?.() ?? {};
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
