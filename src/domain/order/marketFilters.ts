import type { Decimal } from 'decimal.js';

/** A venue market's order filters in exact decimals (Binance LOT_SIZE, PRICE_FILTER, MIN_NOTIONAL). */
export interface MarketFilters {
  /** Exchange symbol without separators, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly lotStep: Decimal;
  readonly tickSize: Decimal;
  readonly minQuantity: Decimal;
  /** Largest quantity of one order, when the venue states it. */
  readonly maxQuantity: Decimal | undefined;
  readonly minNotional: Decimal;
}
