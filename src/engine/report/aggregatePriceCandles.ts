import type { SleeveBook } from '../portfolio/sleeveBook.ts';

/** One sleeve's price history as the HTML report charts it: candles, possibly aggregated to a longer interval. */
export interface PriceCandles {
  readonly sleeve: string;
  readonly symbol: string;
  /** The charted candles' interval; equals the data's when nothing was aggregated. */
  readonly intervalMs: number;
  /** The data's own bar interval. */
  readonly sourceIntervalMs: number;
  /** Bars in the data, before any aggregation. */
  readonly sourceBars: number;
  readonly timeMs: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
}

/** What aggregation reads of a sleeve's book. */
export type PricedSleeve = Pick<SleeveBook, 'name' | 'symbol' | 'length' | 'timeMs' | 'openPrice' | 'highPrice' | 'lowPrice' | 'closePrice'>;

/** Intervals a chart may aggregate to: whole minutes, hours, days and a week, so candles line up with the calendar. */
const CHART_INTERVALS_MS = [1, 5, 15, 30, 60, 120, 240, 360, 720, 1_440, 2_880, 4_320, 10_080].map((minutes) => minutes * 60_000);

/**
 * Each sleeve's candles for the report's price chart, at most `maxCandles` per sleeve: a long run is
 * aggregated (first open, highest high, lowest low, last close) to the shortest calendar interval that fits,
 * so a 2-year hourly run does not put 17,520 candles per sleeve into the page. Highs and lows survive
 * aggregation, so no extreme (a stop, a liquidation) disappears from the chart.
 */
export function aggregatePriceCandles(sleeves: readonly PricedSleeve[], barIntervalMs: number, maxCandles = 3_000): PriceCandles[] {
  return sleeves.map((book) => {
    const spanMs = book.length > 0 ? book.timeMs[book.length - 1] - book.timeMs[0] + barIntervalMs : 0;
    const intervalMs = chartInterval(barIntervalMs, spanMs, maxCandles);
    const out = { timeMs: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[] };
    for (let i = 0; i < book.length; i++) {
      const bucketMs = intervalMs === barIntervalMs ? book.timeMs[i] : Math.floor(book.timeMs[i] / intervalMs) * intervalMs;
      const last = out.timeMs.length - 1;
      if (last >= 0 && out.timeMs[last] === bucketMs) {
        out.high[last] = Math.max(out.high[last], book.highPrice[i]);
        out.low[last] = Math.min(out.low[last], book.lowPrice[i]);
        out.close[last] = book.closePrice[i];
      } else {
        out.timeMs.push(bucketMs);
        out.open.push(book.openPrice[i]);
        out.high.push(book.highPrice[i]);
        out.low.push(book.lowPrice[i]);
        out.close.push(book.closePrice[i]);
      }
    }
    return { sleeve: book.name, symbol: book.symbol, intervalMs, sourceIntervalMs: barIntervalMs, sourceBars: book.length, ...out };
  });
}

/** The data's interval when its bars fit, else the shortest calendar interval that brings them under `maxCandles`. */
export function chartInterval(barIntervalMs: number, spanMs: number, maxCandles: number): number {
  if (!(barIntervalMs > 0) || spanMs / barIntervalMs <= maxCandles) return barIntervalMs;
  const needed = spanMs / maxCandles;
  // A multiple of the bar interval, so every bucket holds whole bars.
  const fitting = CHART_INTERVALS_MS.find((intervalMs) => intervalMs >= needed && intervalMs % barIntervalMs === 0);
  return fitting ?? Math.ceil(needed / barIntervalMs) * barIntervalMs;
}
