import type { CandleSeries } from '../domain/market/candleSeries.ts';
import type { FundingSeries } from '../domain/market/fundingSeries.ts';

/** Where candles live between runs (one Arrow IPC file per symbol and timeframe in the default adapter). */
export interface CandleStore {
  /** Loads a stored series, or undefined when none is stored. */
  loadCandles(symbol: string, timeframe: string): Promise<CandleSeries | undefined>;
  /** Replaces the stored series of that symbol and timeframe. */
  saveCandles(series: CandleSeries): Promise<void>;
  loadFunding(symbol: string): Promise<FundingSeries | undefined>;
  saveFunding(series: FundingSeries): Promise<void>;
  /** Every stored (symbol, timeframe) pair; mark-price candles use timeframe suffix `-mark`, e.g. `1h-mark`. */
  list(): Promise<Array<{ symbol: string; timeframe: string }>>;
}
