import { drawdownPct } from '../drawdownPct.ts';
import type { RiskDenial } from '../riskDecision.ts';

/**
 * New entries stop once equity (marked to market) is `limitPct` or more below the UTC day's start
 * equity. A start equity that is not a positive number fails closed.
 */
export function checkDailyDrawdown(dayStartEquity: number, equity: number, limitPct: number | undefined): RiskDenial | undefined {
  if (limitPct === undefined) return undefined;
  if (!(dayStartEquity > 0)) return { code: 'INVALID_SNAPSHOT', field: 'dayStartEquity', value: dayStartEquity };
  const lossPct = drawdownPct(dayStartEquity, equity);
  return lossPct >= limitPct ? { code: 'DAILY_DRAWDOWN_EXCEEDED', limitPct, drawdownPct: lossPct } : undefined;
}
