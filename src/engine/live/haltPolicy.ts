import type { TradingStateName } from '../../ports/tradeStore.ts';
import type { FlattenRequest } from './flattenRequests.ts';

/**
 * What the live runner does at the venue in a trading state (the README's kill-switch table):
 * - ACTIVE / REDUCING: trade (the risk engine refuses what REDUCING forbids).
 * - HALTED (`kill`, reconciliation, the naked-position timer): cancel working entries, send no new
 *   entry, let reduce-only exits through, keep (and re-place) protective stops.
 * - a pending flatten (`flatten`, `kill --flatten`, the emergency stop's HALT, FLATTEN_ALL): cancel
 *   working entries and close the positions with reduce-only orders until the venue reports flat;
 *   stops stay until then.
 */
export interface HaltPolicy {
  /** New risk may be opened (on symbols not being flattened). */
  readonly entriesAllowed: boolean;
  /** Resting non-reduce-only orders are cancelled. */
  readonly cancelWorkingEntries: boolean;
  /** Symbols to close ('all': every position of the account); empty when nothing must be flat. */
  readonly flatten: 'all' | readonly string[];
  /** Protective stops stay and are re-placed where missing. */
  readonly keepStops: boolean;
}

export function haltPolicyOf(state: TradingStateName | undefined, pending: readonly FlattenRequest[]): HaltPolicy {
  const flatten: 'all' | readonly string[] = pending.some((request) => request.symbol === undefined) ? 'all' : [...new Set(pending.map((request) => request.symbol as string))];
  const flattening = flatten === 'all' || flatten.length > 0;
  const halted = state === 'HALTED';
  return { entriesAllowed: !halted && flatten !== 'all', cancelWorkingEntries: halted || flattening, flatten, keepStops: true };
}

/** True when the policy requires the symbol to be flat. */
export function mustFlatten(policy: HaltPolicy, symbol: string): boolean {
  return policy.flatten === 'all' || policy.flatten.includes(symbol);
}
