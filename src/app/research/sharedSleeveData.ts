import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import type { RampartConfig, SleeveConfig } from '../config/configSchema.ts';
import type { LoadedSleeveData, SleeveDataSource } from '../services/runBacktest.ts';

const CANDLE_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Sleeve data whose columns live in SharedArrayBuffers: structured-cloned to a worker thread it is
 * the same memory, not a copy, so a thousand runs on every core read one load of the candles.
 */
export type SharedSleeveData = LoadedSleeveData;

/** A copy of the series into shared memory (once per sweep, in the thread that loaded it). */
export function toSharedSleeveData(data: LoadedSleeveData): SharedSleeveData {
  return { ...data, candles: shareCandles(data.candles), mark: data.mark && shareCandles(data.mark), funding: data.funding && shareFunding(data.funding) };
}

function shareColumn(column: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(column.length * Float64Array.BYTES_PER_ELEMENT));
  shared.set(column);
  return shared;
}

function shareCandles(series: CandleSeries): CandleSeries {
  const copy: Record<string, unknown> = { symbol: series.symbol, timeframe: series.timeframe, length: series.length };
  for (const column of CANDLE_COLUMNS) copy[column] = shareColumn(series[column]);
  return copy as unknown as CandleSeries;
}

function shareFunding(series: FundingSeries): FundingSeries {
  return { symbol: series.symbol, length: series.length, time: shareColumn(series.time), rate: shareColumn(series.rate) };
}

/** Hands each sleeve the data loaded once for the sweep (a grid cannot change which data a sleeve reads). */
export class PreloadedSleeveDataSource implements SleeveDataSource {
  constructor(private readonly sleeves: readonly LoadedSleeveData[]) {}

  async load(_sleeve: SleeveConfig, index: number, _config: RampartConfig, _baseDir: string): Promise<LoadedSleeveData> {
    return this.sleeves[index];
  }
}
