import { QUANTITY_EPSILON } from '../exposure.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

/**
 * Open positions plus working entry orders on flat symbols may not pass `maxPositions` (C4). Adding
 * to a symbol already held or already being entered opens nothing new and passes.
 */
export function checkMaxPositions(symbol: string, snapshot: RiskSnapshot, maxPositions: number | undefined): RiskDenial | undefined {
  if (maxPositions === undefined) return undefined;
  let openPositions = 0;
  let symbolHeld = false;
  for (const each in snapshot.positions) {
    const position = snapshot.positions[each];
    if (position === undefined || Math.abs(position.quantity) <= QUANTITY_EPSILON) continue;
    openPositions++;
    if (each === symbol) symbolHeld = true;
  }
  let workingEntries = 0;
  for (const order of snapshot.workingOrders) {
    if (order.reduceOnly) continue;
    const held = snapshot.positions[order.symbol];
    if (held !== undefined && Math.abs(held.quantity) > QUANTITY_EPSILON) continue;
    workingEntries++;
    if (order.symbol === symbol) symbolHeld = true;
  }
  if (symbolHeld || openPositions + workingEntries + 1 <= maxPositions) return undefined;
  return { code: 'MAX_POSITIONS_EXCEEDED', maxPositions, openPositions, workingEntries };
}
