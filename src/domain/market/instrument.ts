/** The exchange filters that every order must satisfy (Binance LOT_SIZE, PRICE_FILTER, MIN_NOTIONAL). */
export interface InstrumentFilters {
  /** Quantity step: order quantities are whole multiples of it (rounded down). */
  readonly lotStep: number;
  /** Price step: prices are whole multiples of it. */
  readonly tickSize: number;
  /** Smallest order notional in quote currency; smaller orders are skipped, never enlarged. */
  readonly minNotional: number;
}
