import type { MetricFill } from './roundTrips.ts';

/** A funding payment as the metrics read it: paid positive, received negative, quote asset. */
export interface MetricFundingPayment {
  readonly atMs: number;
  /** Paid (positive) or received (negative). */
  readonly amount: number;
  /** The position's symbol; a payment without one is left out of the drift. */
  readonly symbol?: string;
}

/**
 * Realised funding against the config's assumption on the same positions: Σ paid / |Σ modelled|,
 * where each payment's modelled amount is the position held just before it (the account's fills of
 * that symbol summed, any sleeve) × the price of the last of those fills × the assumed rate per
 * interval. Above 1 the account paid more than the model charges; receiving reads ≤ 0. Both sums 0
 * (flat at every funding time) reads 0; paying with no modelled position is Infinity.
 */
export function fundingDriftRatio(payments: readonly MetricFundingPayment[], fills: readonly MetricFill[], assumedRatePerInterval: number): number {
  const sorted = [...fills].sort((a, b) => a.atMs - b.atMs);
  let paid = 0;
  let modelled = 0;
  for (const payment of payments) {
    if (payment.symbol === undefined) continue;
    paid += payment.amount;
    let quantity = 0;
    let price = Number.NaN;
    for (const fill of sorted) {
      if (fill.atMs >= payment.atMs) break;
      if (fill.symbol !== payment.symbol) continue;
      quantity += fill.side === 'BUY' ? fill.quantity : -fill.quantity;
      price = fill.price;
    }
    quantity = Math.round(quantity * 1e10) / 1e10;
    if (quantity !== 0 && price > 0) modelled += quantity * price * assumedRatePerInterval;
  }
  const scale = Math.abs(modelled);
  if (scale === 0) return paid > 0 ? Number.POSITIVE_INFINITY : 0;
  return paid / scale;
}
