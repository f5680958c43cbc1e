import type { Bar } from '../../strategy.ts';
import { FeaturePipeline } from './featurePipeline.ts';

/** OHLCV columns with open times in epoch ms. */
export interface BarColumns {
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume?: ArrayLike<number>;
}

/**
 * Every feature for every bar of a series, one column per name: the streaming pipeline run over the
 * columns, so research, backtests and the live sleeve share one definition of each feature.
 */
export function featureColumns(names: readonly string[], bars: BarColumns, baseIntervalMs: number): Float64Array[] {
  const pipeline = new FeaturePipeline(names, baseIntervalMs);
  const length = bars.time.length;
  const columns = names.map(() => new Float64Array(length));
  const bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < length; i++) {
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume === undefined ? 0 : bars.volume[i];
    const values = pipeline.update(bar);
    for (let c = 0; c < columns.length; c++) columns[c][i] = values[c];
  }
  return columns;
}
