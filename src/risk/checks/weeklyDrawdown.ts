import { drawdownPct } from '../drawdownPct.ts';
import type { RiskDenial } from '../riskDecision.ts';

/**
 * New entries stop once equity (marked to market) is `limitPct` or more below the ISO week's start
 * equity (Monday 00:00 UTC). A start equity that is not a positive number fails closed.
 */
export function checkWeeklyDrawdown(weekStartEquity: number, equity: number, limitPct: number | undefined): RiskDenial | undefined {
  if (limitPct === undefined) return undefined;
  if (!(weekStartEquity > 0)) return { code: 'INVALID_SNAPSHOT', field: 'weekStartEquity', value: weekStartEquity };
  const lossPct = drawdownPct(weekStartEquity, equity);
  return lossPct >= limitPct ? { code: 'WEEKLY_DRAWDOWN_EXCEEDED', limitPct, drawdownPct: lossPct } : undefined;
}
