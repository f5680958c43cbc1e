/**
 * Columnar OHLCV candles of one symbol and timeframe: the shape every hot loop reads.
 * `time` is the bar's open time in epoch milliseconds (UTC); rows are in strictly increasing time
 * once a series has passed the data checks.
 */
export interface CandleSeries {
  readonly symbol: string;
  readonly timeframe: string;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Allocates an empty series of `length` rows to be filled column by column. */
export function allocateCandleSeries(symbol: string, timeframe: string, length: number): CandleSeries {
  return {
    symbol,
    timeframe,
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** A view of the first `length` rows (no copy): what the anti-lookahead tests cut the data with. */
export function sliceCandleSeries(series: CandleSeries, from: number, to: number): CandleSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: to - from,
    time: series.time.subarray(from, to),
    open: series.open.subarray(from, to),
    high: series.high.subarray(from, to),
    low: series.low.subarray(from, to),
    close: series.close.subarray(from, to),
    volume: series.volume.subarray(from, to),
  };
}
