import type { Exchange } from 'ccxt';
import { InputError } from '../../domain/errors/inputError.ts';
import { OperationFailedError } from '../../domain/errors/operationFailedError.ts';
import { allocateCandleSeries, type CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { normalizeSymbol } from '../data/normalizeSymbol.ts';

export interface CandleDownloadRequest {
  /** ccxt exchange id, e.g. `binanceusdm`. */
  readonly exchangeId: string;
  /** ccxt unified symbol, e.g. `BTC/USDT:USDT`. */
  readonly symbol: string;
  readonly timeframe: string;
  /** Open time of the first bar wanted (epoch ms). */
  readonly sinceMs: number;
  /** Bars that have not closed by this time (epoch ms, usually now) are left out: they are still moving. */
  readonly untilMs: number;
  /** `mark` downloads mark-price candles (stored as timeframe `1h-mark`). */
  readonly price?: 'mark';
  /** Bars per request; Binance USDT-M serves at most 1000 through ccxt. */
  readonly pageLimit?: number;
  /** Replaces the origin of every REST URL of the exchange, e.g. `http://127.0.0.1:8080` (tests, rehearsals). */
  readonly baseUrl?: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadProgress {
  readonly barsFetched: number;
  /** Open time of the newest bar fetched so far (epoch ms). */
  readonly lastTimeMs: number;
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** A download that failed at the venue or on the way there; `retryable` when waiting may help. */
export class CandleDownloadError extends OperationFailedError {
  override readonly name = 'CandleDownloadError';
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const DEFAULT_PAGE_LIMIT = 1000;

/**
 * Downloads closed OHLCV bars from `sinceMs` to `untilMs` through ccxt, page by page, and returns
 * them as a series in the order served (the data checks run on it before it is stored).
 * ccxt is imported on first use: it costs about half a second and 85 MB.
 */
export async function downloadCandles(request: CandleDownloadRequest): Promise<CandleSeries> {
  const timeframeMs = timeframeToMs(request.timeframe);
  const exchange = await createExchange(request.exchangeId, request.baseUrl);
  const context = `${request.exchangeId} ${request.symbol} ${request.timeframe}`;
  try {
    await exchange.loadMarkets();
  } catch (error) {
    throw await translate(error, context, request);
  }
  const markets = exchange.markets ?? {};
  if (!markets[request.symbol]) {
    const known = Object.keys(markets).slice(0, 5).join(', ');
    throw new InputError(`--symbol: ${request.exchangeId} has no market "${request.symbol}" (markets include ${known})`, { keyPath: 'symbol', value: request.symbol });
  }
  if (!exchange.timeframes?.[request.timeframe]) {
    throw new InputError(`--timeframe: ${request.exchangeId} has no timeframe "${request.timeframe}"`, { keyPath: 'timeframe', value: request.timeframe });
  }
  const pageLimit = request.pageLimit ?? DEFAULT_PAGE_LIMIT;
  const lastOpenMs = request.untilMs - timeframeMs;
  const rows: number[][] = [];
  let sinceMs = request.sinceMs;
  while (sinceMs <= lastOpenMs) {
    let page: number[][];
    try {
      const params: Record<string, unknown> = { until: lastOpenMs };
      if (request.price) params.price = request.price;
      page = (await exchange.fetchOHLCV(request.symbol, request.timeframe, sinceMs, pageLimit, params)) as number[][];
    } catch (error) {
      throw await translate(error, context, request);
    }
    const fresh = page.filter((row) => row[0] >= sinceMs && row[0] <= lastOpenMs);
    if (fresh.length === 0) break;
    rows.push(...fresh);
    const lastTimeMs = fresh[fresh.length - 1][0];
    request.onProgress?.({ barsFetched: rows.length, lastTimeMs, sinceMs: request.sinceMs, untilMs: request.untilMs });
    if (lastTimeMs < sinceMs) break;
    sinceMs = lastTimeMs + timeframeMs;
  }
  const timeframe = request.price === 'mark' ? `${request.timeframe}-mark` : request.timeframe;
  const series = allocateCandleSeries(normalizeSymbol(request.symbol), timeframe, rows.length);
  rows.forEach((row, i) => {
    series.time[i] = row[0];
    series.open[i] = row[1];
    series.high[i] = row[2];
    series.low[i] = row[3];
    series.close[i] = row[4];
    // Mark-price klines report no volume.
    series.volume[i] = row[5] ?? 0;
  });
  return series;
}

async function createExchange(exchangeId: string, baseUrl: string | undefined): Promise<Exchange> {
  const ccxt = await import('ccxt');
  const constructors = ccxt as unknown as Record<string, new (config: object) => Exchange>;
  const known = (ccxt.exchanges as unknown as string[] | Record<string, unknown>);
  const listed = Array.isArray(known) ? known.includes(exchangeId) : Object.hasOwn(known, exchangeId);
  if (!listed || typeof constructors[exchangeId] !== 'function') {
    throw new InputError(`--exchange must be a ccxt exchange id such as binanceusdm, was "${exchangeId}"`, { keyPath: 'exchange', value: exchangeId });
  }
  // Market data only: no currencies endpoint (it needs keys on Binance), no credentials.
  const exchange = new constructors[exchangeId]({ enableRateLimit: true, options: { fetchCurrencies: false } });
  if (baseUrl !== undefined) overrideOrigin(exchange, baseUrl);
  return exchange;
}

/** Points every REST URL of the exchange at `baseUrl`, keeping the paths (`/fapi/v1`, `/futures/data`). */
function overrideOrigin(exchange: Exchange, baseUrl: string): void {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch (error) {
    throw new InputError(`--base-url must be a URL such as http://127.0.0.1:8080, was "${baseUrl}"`, { keyPath: 'baseUrl', value: baseUrl }, { cause: error });
  }
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^https?:\/\//.test(value)) {
      const url = new URL(value);
      return origin + url.pathname.replace(/\/$/, '') + url.search;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  const urls = exchange.urls as { api: unknown };
  urls.api = rewrite(urls.api);
}

/** Vendor errors become InputError (the request was wrong) or CandleDownloadError (the venue or the way there failed). */
async function translate(error: unknown, context: string, request: CandleDownloadRequest): Promise<Error> {
  const ccxt = await import('ccxt');
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ccxt.BadSymbol) {
    return new InputError(`--symbol: ${request.exchangeId} rejected "${request.symbol}": ${message}`, { keyPath: 'symbol', value: request.symbol }, { cause: error });
  }
  if (error instanceof ccxt.NetworkError) {
    const where = request.baseUrl ?? request.exchangeId;
    return new CandleDownloadError(`${context}: could not reach ${where} (${error.constructor.name}: ${message}); try again later`, true, { cause: error });
  }
  if (error instanceof ccxt.BaseError) {
    return new CandleDownloadError(`${context}: the exchange refused the request (${error.constructor.name}: ${message})`, false, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}
