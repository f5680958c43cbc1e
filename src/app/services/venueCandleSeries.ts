import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import type { VenueCandle } from '../../ports/exchangeGateway.ts';

/** Candles as a venue returns them, turned into the columnar series the engine reads. */
export function venueCandleSeries(symbol: string, timeframe: string, candles: readonly VenueCandle[]): CandleSeries {
  const series = allocateCandleSeries(symbol, timeframe, candles.length);
  candles.forEach((candle, index) => {
    series.time[index] = candle.openTimeMs;
    series.open[index] = candle.open;
    series.high[index] = candle.high;
    series.low[index] = candle.low;
    series.close[index] = candle.close;
    series.volume[index] = candle.volume;
  });
  return series;
}
