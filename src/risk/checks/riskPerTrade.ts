import { exceeds } from '../drawdownPct.ts';
import type { RiskDenial } from '../riskDecision.ts';

/** What one trade may lose at its stop (stop distance × quantity) may not pass `limitPct` of equity. */
export function checkRiskPerTrade(quantity: number, stopDistance: number, equity: number, limitPct: number | undefined): RiskDenial | undefined {
  if (limitPct === undefined) return undefined;
  const riskPct = equity > 0 ? ((quantity * stopDistance) / equity) * 100 : Number.POSITIVE_INFINITY;
  return exceeds(riskPct, limitPct) ? { code: 'RISK_PER_TRADE_EXCEEDED', limitPct, riskPct } : undefined;
}
