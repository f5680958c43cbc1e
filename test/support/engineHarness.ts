// Builders for hand-computed engine tests: tiny candle series, scripted strategies and settings.
import type { CandleSeries } from '../../src/domain/market/candleSeries.ts';
import type { InstrumentFilters } from '../../src/domain/market/instrument.ts';
import type { EngineSettings, SleeveInput } from '../../src/engine/engineSettings.ts';
import type { Bar, PositionView, Signal, Strategy } from '../../src/strategy/strategy.ts';

export const HOUR_MS = 3_600_000;
/** 2023-01-01T00:00:00Z: on the 8h funding grid. */
export const START_MS = Date.UTC(2023, 0, 1);

/** Frictionless spot-like defaults: fees, slippage, funding and liquidation off, leverage 1. */
export function settingsWith(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    initialCapital: 10_000,
    leverage: 1,
    allowShort: true,
    liquidation: false,
    maintenanceMarginRate: 0,
    feeBps: 0,
    slippageBps: 0,
    tradeOn: 'next_open',
    sizing: { mode: 'weight', notional: 1_000, riskPerTrade: 0.01 },
    funding: { enabled: false, constantRate: 0, intervalMs: 8 * HOUR_MS },
    periodsPerYear: 8_760,
    daysPerYear: 365,
    ...overrides,
  };
}

/** Hourly candles from [open, high, low, close] rows starting at START_MS. */
export function candlesFrom(rows: ReadonlyArray<readonly [number, number, number, number]>, symbol = 'TESTUSDT', startMs = START_MS, intervalMs = HOUR_MS): CandleSeries {
  const n = rows.length;
  const column = (k: number) => Float64Array.from(rows, (row) => row[k]);
  return {
    symbol,
    timeframe: '1h',
    length: n,
    time: Float64Array.from(rows, (_row, i) => startMs + i * intervalMs),
    open: column(0),
    high: column(1),
    low: column(2),
    close: column(3),
    volume: new Float64Array(n).fill(1),
  };
}

/** Flat bars (open = high = low = close) at the given prices. */
export function flatCandles(prices: readonly number[]): CandleSeries {
  return candlesFrom(prices.map((p) => [p, p, p, p] as const));
}

export interface ScriptStep {
  readonly target: number;
  readonly stopDistance?: number;
  readonly takeProfitDistance?: number;
}

/**
 * A strategy that, at the close of bar index `i` (counted from its first bar), asks for `script[i]`
 * when given; otherwise it holds. It records every bar time it was shown.
 */
export function scriptedStrategy(script: Readonly<Record<number, number | ScriptStep>>): Strategy & { seenTimes: number[] } {
  let index = 0;
  const seenTimes: number[] = [];
  return {
    name: 'scripted',
    warmupBars: 0,
    seenTimes,
    onBar(bar: Readonly<Bar>, _position: PositionView, signal: Signal): void {
      seenTimes.push(bar.time);
      const step = script[index++];
      if (step === undefined) return;
      if (typeof step === 'number') signal.target = step;
      else {
        signal.target = step.target;
        if (step.stopDistance !== undefined) signal.stopDistance = step.stopDistance;
        if (step.takeProfitDistance !== undefined) signal.takeProfitDistance = step.takeProfitDistance;
      }
    },
  };
}

export const DEFAULT_FILTERS: InstrumentFilters = { lotStep: 0.001, tickSize: 0.1, minNotional: 0 };

export function sleeveInput(candles: CandleSeries, strategy: Strategy, overrides: Partial<SleeveInput> = {}): SleeveInput {
  return {
    name: 'S',
    symbol: candles.symbol,
    strategyName: strategy.name,
    weight: 1,
    strategy,
    candles,
    filters: DEFAULT_FILTERS,
    ...overrides,
  };
}

/** Is `price` a whole multiple of `tickSize` (within float error)? */
export function onGrid(price: number, step: number): boolean {
  const steps = price / step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}
