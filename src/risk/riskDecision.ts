/**
 * Why the risk engine refused an order: one code per rule, each carrying the numbers that caused it
 * (after Nautilus `OrderDeniedReason`). Percentages are percent: 2.3 means 2.3%.
 */
export type RiskDenial =
  | { code: 'TRADING_HALTED'; scope: 'account' | 'global' | 'external' }
  | { code: 'TRADING_REDUCING'; positionQuantity: number; orderQuantity: number }
  | { code: 'REDUCE_ONLY_WOULD_INCREASE'; positionQuantity: number; orderQuantity: number }
  | { code: 'INVALID_ORDER'; field: 'quantity' | 'price'; value: number }
  | { code: 'INVALID_SNAPSHOT'; field: 'equity' | 'dayStartEquity' | 'weekStartEquity'; value: number }
  | { code: 'SYMBOL_NOT_ALLOWED'; symbol: string }
  | { code: 'QUANTITY_EXCEEDS_MAX_PER_ORDER'; maxQuantity: number; quantity: number }
  | { code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER'; maxNotional: number; notional: number }
  | { code: 'MARK_PRICE_UNAVAILABLE'; symbol: string; markPrice: number }
  | { code: 'MARK_PRICE_STALE'; markAgeMs: number; maxMarkAgeMs: number }
  | { code: 'PRICE_OUTSIDE_COLLAR'; price: number; markPrice: number; deviationPct: number; collarPct: number }
  | { code: 'DUPLICATE_ORDER'; previousTimeMs: number; windowMs: number }
  | { code: 'ORDER_RATE_EXCEEDED'; maxOrders: number; windowMs: number; breaches: number; breachesToHalt: number }
  | { code: 'STRATEGY_NOT_ALLOWED'; strategy: string; profile: string; list: 'deny' | 'allow' }
  | { code: 'DAILY_DRAWDOWN_EXCEEDED'; limitPct: number; drawdownPct: number }
  | { code: 'WEEKLY_DRAWDOWN_EXCEEDED'; limitPct: number; drawdownPct: number }
  | { code: 'MAX_POSITIONS_EXCEEDED'; maxPositions: number; openPositions: number; workingEntries: number }
  | { code: 'LEVERAGE_EXCEEDED'; maxLeverage: number; leverage: number; scope: 'account' | 'symbolSetting' }
  | { code: 'RISK_PER_TRADE_EXCEEDED'; limitPct: number; riskPct: number }
  | { code: 'POSITION_NOTIONAL_EXCEEDED'; maxNotional: number; notional: number }
  | { code: 'MARGIN_EXCEEDED'; maxMarginPct: number; marginPct: number }
  | { code: 'SYMBOL_EXPOSURE_EXCEEDED'; maxExposurePct: number; exposurePct: number }
  | {
      code: 'CORRELATED_EXPOSURE_EXCEEDED';
      maxExposurePct: number;
      exposurePct: number;
      correlation: number;
      correlatedSleeves: string[];
    }
  | { code: 'SPREAD_TOO_WIDE'; spreadAtrFraction: number; maxSpreadAtrFraction: number }
  | { code: 'DATA_STALE'; dataAgeSec: number; maxDataAgeSec: number }
  | { code: 'SESSION_BLOCKED'; session: string; hourUtc: number }
  | { code: 'VOLATILITY_TOO_HIGH'; atrPct: number; maxAtrPct: number }
  | { code: 'CONFIDENCE_TOO_LOW'; confidence: number; minConfidence: number };

export type RiskDenialCode = RiskDenial['code'];

/** Why an order was shrunk rather than refused. */
export type ResizeReason =
  | 'RISK_PER_TRADE'
  | 'POSITION_NOTIONAL_CAP'
  | 'VOLATILITY_SCALE'
  | 'LEVERAGE_CAP'
  | 'MARGIN_BUDGET'
  | 'SYMBOL_EXPOSURE_CAP'
  | 'CORRELATED_EXPOSURE_CAP'
  | 'REDUCE_ONLY_CLIPPED'
  | 'REDUCING_CLIPPED';

/** The risk engine's answer for one intent: a value, never an exception. */
export type RiskDecision =
  | { kind: 'approved' }
  | {
      kind: 'resized';
      /** Quantity the intent asked for, base units. */
      originalQuantity: number;
      /** Quantity that passed every check, base units (floor it to the lot step before sending). */
      quantity: number;
      /** The rule that set the final size (the last one to shrink it). */
      reason: ResizeReason;
    }
  | { kind: 'denied'; denial: RiskDenial };

export const APPROVED: RiskDecision = Object.freeze({ kind: 'approved' }) as RiskDecision;

export function denied(denial: RiskDenial): RiskDecision {
  return { kind: 'denied', denial };
}
