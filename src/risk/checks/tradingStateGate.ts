import type { OrderIntent } from '../orderIntent.ts';
import type { RiskDenial } from '../riskDecision.ts';
import type { TradingState } from '../tradingState.ts';

/** Which state source imposed the restriction, for the denial. */
export type StateScope = 'account' | 'global' | 'external';

// A halted account can see hundreds of thousands of refused orders in a backtest: its denial carries
// only the scope, so one shared value per scope serves them all.
const HALTED_DENIALS: Readonly<Record<StateScope, RiskDenial>> = {
  account: Object.freeze({ code: 'TRADING_HALTED', scope: 'account' }),
  global: Object.freeze({ code: 'TRADING_HALTED', scope: 'global' }),
  external: Object.freeze({ code: 'TRADING_HALTED', scope: 'external' }),
};

/**
 * ACTIVE admits everything; REDUCING admits orders that shrink the position (a flip is clipped to
 * flat); HALTED admits only reduce-only orders that shrink it. Returns the admitted quantity or a denial.
 */
export function checkTradingState(state: TradingState, scope: StateScope, intent: OrderIntent, position: number): RiskDenial | number {
  if (state === 'ACTIVE') return intent.quantity;
  const reduces = position !== 0 && (intent.side === 'buy') === position < 0;
  if (state === 'HALTED') {
    if (!reduces || !intent.reduceOnly) return HALTED_DENIALS[scope];
  } else if (!reduces) {
    return { code: 'TRADING_REDUCING', positionQuantity: position, orderQuantity: intent.quantity };
  }
  return Math.min(intent.quantity, Math.abs(position));
}
