import type { MetricFill, RoundTrip } from './roundTrips.ts';

export interface TradeStats {
  readonly tradeCount: number;
  /** Share of round trips with a positive PnL, percent; NaN without trades. */
  readonly winRatePct: number;
  /** Gross profit over gross loss; Infinity with wins and no loss, NaN without trades. */
  readonly profitFactor: number;
}

export function tradeStats(trips: readonly RoundTrip[]): TradeStats {
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const trip of trips) {
    if (trip.pnl > 0) {
      wins++;
      grossProfit += trip.pnl;
    } else {
      grossLoss -= trip.pnl;
    }
  }
  const count = trips.length;
  return {
    tradeCount: count,
    winRatePct: count === 0 ? Number.NaN : (wins / count) * 100,
    profitFactor: count === 0 ? Number.NaN : grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? Number.POSITIVE_INFINITY : Number.NaN,
  };
}

/**
 * Realised slippage, basis points: each fill's adverse move from its decision's reference price
 * (a buy above it or a sell below it is positive), weighted by the fill's notional. Fills without a
 * reference price are left out; NaN when none has one.
 */
export function realisedSlippageBps(fills: readonly MetricFill[]): number {
  let weighted = 0;
  let notional = 0;
  for (const fill of fills) {
    if (fill.referencePrice === undefined || !(fill.referencePrice > 0)) continue;
    const adverse = fill.side === 'BUY' ? fill.price / fill.referencePrice - 1 : 1 - fill.price / fill.referencePrice;
    const value = fill.quantity * fill.price;
    weighted += adverse * 10_000 * value;
    notional += value;
  }
  return notional > 0 ? weighted / notional : Number.NaN;
}

/**
 * Each sleeve's contribution over [fromMs, toMs], percent of the account's equity at fromMs: the PnL of
 * its round trips closed in the window (positions still open count when they close). Sleeves named
 * in `sleeves` without a closed trip contribute 0.
 */
export function sleeveContributionsPct(trips: readonly RoundTrip[], sleeves: readonly string[], fromMs: number, toMs: number, equityAtStart: number): Map<string, number> {
  const contributions = new Map<string, number>(sleeves.map((sleeve) => [sleeve, 0]));
  for (const trip of trips) {
    if (trip.closedAtMs < fromMs || trip.closedAtMs > toMs) continue;
    contributions.set(trip.sleeve, (contributions.get(trip.sleeve) ?? 0) + trip.pnl);
  }
  for (const [sleeve, pnl] of contributions) contributions.set(sleeve, equityAtStart > 0 ? (pnl / equityAtStart) * 100 : Number.NaN);
  return contributions;
}
