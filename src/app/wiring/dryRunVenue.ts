//! `--dry-run` is wiring, not a mode inside the runner: the runner gets a gateway that reads the real
//! account and records what it would send, and a store that reads the operator's records and keeps
//! its own writes in memory. Everything else (decisions, risk, sizing, reconciliation) is the live path.
import { DryRunTradeStore } from '../../adapters/storage/dryRunTradeStore.ts';
import { DryRunGateway, type DryRunRequest } from '../../engine/live/dryRunGateway.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

/** The dry run's store over the operator's: reads go there, writes stay in memory. */
export function dryRunStore(store: TradeStore): TradeStore {
  return new DryRunTradeStore(store);
}

/** The dry run's gateway over the real one; each recorded request is logged as `dry_run_request`. */
export function dryRunGateway(input: { readonly gateway: ExchangeGateway; readonly logger: Logger; readonly account: string; readonly nowMs: () => number }): DryRunGateway {
  const onRecord = (request: DryRunRequest): void => input.logger.info('dry_run_request', { account: input.account, ...describe(request), reason: 'recorded, not sent (dry run)' });
  return new DryRunGateway(input.gateway, { nowMs: input.nowMs, onRecord });
}

function describe(request: DryRunRequest): Record<string, string | number | boolean> {
  switch (request.kind) {
    case 'placeOrder': {
      const order = request.request;
      return { kind: request.kind, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity.toFixed(), reduceOnly: order.reduceOnly, clientOrderId: order.clientOrderId };
    }
    case 'cancelOrder':
      return { kind: request.kind, symbol: request.query.symbol, clientOrderId: request.query.clientOrderId };
    case 'setLeverage':
      return { kind: request.kind, symbol: request.symbol, leverage: request.leverage };
    case 'setIsolatedMargin':
      return { kind: request.kind, symbol: request.symbol };
    case 'armCancelAllCountdown':
      return { kind: request.kind, symbol: request.symbol, countdownMs: request.countdownMs };
  }
}
