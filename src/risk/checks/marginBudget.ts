import { exceeds } from '../drawdownPct.ts';
import { sumOverSymbols, symbolMargin } from '../exposure.ts';
import type { OrderIntent } from '../orderIntent.ts';
import { sideSign } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

/** Portfolio gate: worst-case margin of all symbols after this order may not pass `maxMarginPct` of equity. */
export function checkMarginBudget(intent: OrderIntent, quantity: number, snapshot: RiskSnapshot, maxMarginPct: number): RiskDenial | undefined {
  const margin = sumOverSymbols(snapshot, intent.symbol, sideSign(intent.side) * quantity, intent.price, symbolMargin);
  const marginPct = snapshot.equity > 0 ? (margin / snapshot.equity) * 100 : Number.POSITIVE_INFINITY;
  return exceeds(marginPct, maxMarginPct) ? { code: 'MARGIN_EXCEEDED', maxMarginPct, marginPct } : undefined;
}
