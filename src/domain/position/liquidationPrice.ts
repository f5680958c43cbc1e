/**
 * Liquidation price of an isolated-margin position with no added margin: the price at which the
 * position's loss has eaten the initial margin down to the maintenance margin.
 * Long: entry × (1 − 1/leverage + mmr); short: entry × (1 + 1/leverage − mmr).
 * `maintenanceMarginRate` is a fraction (Binance's first BTCUSDT tier is 0.004).
 */
export function isolatedLiquidationPrice(side: number, entryPrice: number, leverage: number, maintenanceMarginRate: number): number {
  if (side > 0) return entryPrice * (1 - 1 / leverage + maintenanceMarginRate);
  if (side < 0) return entryPrice * (1 + 1 / leverage - maintenanceMarginRate);
  return Number.NaN;
}
