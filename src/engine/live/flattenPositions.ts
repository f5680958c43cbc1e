import { Decimal } from 'decimal.js';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';

export interface FlattenPositionsDeps {
  readonly account: string;
  readonly gateway: ExchangeGateway;
  readonly logger: Logger;
  readonly nowMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** How long one call keeps trying before it reports the symbols still open (the next call tries again). */
  readonly boundMs: number;
  /** Sends one stored reduce-only market close; true when the venue accepted it. */
  closeReduceOnly(symbol: string, side: 'BUY' | 'SELL', quantity: Decimal): Promise<boolean>;
}

export interface FlattenOutcome {
  readonly flat: string[];
  readonly open: string[];
}

const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 5_000;

/**
 * Reduce-only market closes on each symbol, retried with doubling pauses until the venue reports the
 * symbol flat or `boundMs` has passed. A failed position read counts as not flat (never assume flat).
 */
export async function flattenPositions(deps: FlattenPositionsDeps, symbols: readonly string[]): Promise<FlattenOutcome> {
  const startMs = deps.nowMs();
  let remaining = [...symbols];
  const flat: string[] = [];
  for (let pauseMs = FIRST_PAUSE_MS; ; pauseMs = Math.min(LONGEST_PAUSE_MS, pauseMs * 2)) {
    const stillOpen: string[] = [];
    for (const symbol of remaining) {
      let position: Decimal;
      try {
        position = (await deps.gateway.fetchPositions([symbol])).find((candidate) => candidate.symbol === symbol)?.quantity ?? new Decimal(0);
      } catch (error) {
        deps.logger.warn('flatten_position_unread', { account: deps.account, symbol, reason: (error as Error).message });
        stillOpen.push(symbol);
        continue;
      }
      if (position.isZero()) {
        flat.push(symbol);
        continue;
      }
      stillOpen.push(symbol);
      try {
        await deps.closeReduceOnly(symbol, position.gt(0) ? 'SELL' : 'BUY', position.abs());
      } catch (error) {
        deps.logger.error('alert_flatten_failed', { account: deps.account, symbol, reason: (error as Error).message });
      }
    }
    remaining = stillOpen;
    if (remaining.length === 0 || deps.nowMs() - startMs >= deps.boundMs) return { flat, open: remaining };
    await deps.sleep(Math.min(pauseMs, Math.max(0, deps.boundMs - (deps.nowMs() - startMs))));
  }
}
