import { exceeds } from '../drawdownPct.ts';
import { sumOverSymbols, symbolNotional } from '../exposure.ts';
import type { OrderIntent } from '../orderIntent.ts';
import { sideSign } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { RiskSnapshot } from '../riskSnapshot.ts';

/**
 * Leverage cap (C5): the symbol's venue leverage setting may not pass `maxLeverage`, and neither may
 * the account's worst-case gross notional after this order (working entries included) over equity.
 */
export function checkMaxLeverage(intent: OrderIntent, quantity: number, snapshot: RiskSnapshot, maxLeverage: number): RiskDenial | undefined {
  const setting = snapshot.positions[intent.symbol]?.leverage;
  if (setting !== undefined && exceeds(setting, maxLeverage)) return { code: 'LEVERAGE_EXCEEDED', maxLeverage, leverage: setting, scope: 'symbolSetting' };
  const gross = sumOverSymbols(snapshot, intent.symbol, sideSign(intent.side) * quantity, intent.price, symbolNotional);
  const leverage = snapshot.equity > 0 ? gross / snapshot.equity : Number.POSITIVE_INFINITY;
  return exceeds(leverage, maxLeverage) ? { code: 'LEVERAGE_EXCEEDED', maxLeverage, leverage, scope: 'account' } : undefined;
}
