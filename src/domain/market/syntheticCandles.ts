import { allocateCandleSeries, type CandleSeries } from './candleSeries.ts';

export interface SyntheticCandleOptions {
  readonly symbol: string;
  readonly timeframe: string;
  readonly bars: number;
  readonly seed: number;
  readonly startPrice: number;
  readonly startMs: number;
  readonly intervalMs: number;
  /** Per-bar volatility of the close (fraction). */
  readonly sigma?: number;
}

/**
 * Deterministic SYNTHETIC candles: a geometric random walk driven by mulberry32, the generator of the
 * C reference kernels (../shared/perf-reference/common.h), so with their seed, start price 100 and
 * hourly bars from 1.5e9 s the closes are bit-identical to what the C benchmark trades.
 * Only 32-bit integer ops and IEEE +,-,*,/ are used, so every machine produces the same doubles.
 */
export function syntheticCandles(options: SyntheticCandleOptions): CandleSeries {
  const series = allocateCandleSeries(options.symbol, options.timeframe, options.bars);
  const { time, open, high, low, close, volume } = series;
  let state = options.seed | 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const sigma = options.sigma ?? 0.006;
  const drift = 0.5 * sigma * sigma;
  const unitVariance = 1.7320508075688772;
  let previous = options.startPrice;
  for (let i = 0; i < options.bars; i++) {
    const a1 = uniform();
    const a2 = uniform();
    const a3 = uniform();
    const a4 = uniform();
    const shock = (a1 + a2 + a3 + a4 - 2.0) * unitVariance;
    const gap = (uniform() - 0.5) * 0.001;
    const barOpen = previous * (1.0 + gap);
    const barClose = previous * (1.0 + drift + sigma * shock);
    high[i] = (barOpen > barClose ? barOpen : barClose) * (1.0 + 0.5 * sigma * uniform());
    low[i] = (barOpen < barClose ? barOpen : barClose) * (1.0 - 0.5 * sigma * uniform());
    time[i] = options.startMs + options.intervalMs * i;
    open[i] = barOpen;
    close[i] = barClose;
    volume[i] = 100.0 + 1000.0 * uniform();
    previous = barClose;
  }
  return series;
}
