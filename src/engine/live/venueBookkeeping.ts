import type { Decimal } from 'decimal.js';
import type { VenueOrder } from '../../domain/order/venueOrder.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import { TERMINAL_ORDER_STATUSES, type OrderStatus, type TradeStore } from '../../ports/tradeStore.ts';
import { isoWeekIndex, isoWeekStartMs, utcDayIndex, type EmergencyStop } from '../../risk/index.ts';
import { claimTradesOfOurOrders } from './claimTradesOfOurOrders.ts';

/** Decimal text as the store wants it: no exponent, no negative zero. */
export function decimalText(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/** Records the venue's view of one of our orders as its latest state (skipped when nothing changed). */
export async function recordVenueOrder(store: TradeStore, account: string, order: VenueOrder, atMs: number, reason: string | null): Promise<void> {
  const clientOrderId = order.clientOrderId;
  if (clientOrderId === undefined) return;
  const previous = await store.getOrder(clientOrderId);
  const filledQuantity = decimalText(order.executedQuantity);
  const status = order.status as OrderStatus;
  if (previous !== undefined && previous.status === status && previous.filledQuantity === filledQuantity && previous.venueOrderId !== null) return;
  // The user stream may have stored a later state than this answer (a placement reply read after the
  // stream's CANCELED): an order never moves back to less filled or from terminal to open.
  if (previous !== undefined && (order.executedQuantity.lt(previous.filledQuantity) || (TERMINAL_ORDER_STATUSES.includes(previous.status) && !TERMINAL_ORDER_STATUSES.includes(status)))) return;
  await store.recordOrderUpdate({
    clientOrderId,
    account,
    symbol: order.symbol,
    venueOrderId: order.venueOrderId === '' ? null : order.venueOrderId,
    status,
    filledQuantity,
    averagePrice: order.averagePrice === undefined || order.executedQuantity.isZero() ? null : decimalText(order.averagePrice),
    atMs,
    reason,
  });
}

/**
 * Applies every venue trade of `symbol` not yet in the store, exactly once (the store dedupes by trade
 * id). Trades are attributed to our orders by venue order id; a triggered conditional order fills
 * through the market order it became, found by the same client order id in the regular book.
 * A trade of an order the store holds without a venue order id is attributed through the venue's order
 * record (claimTradesOfOurOrders). Returns the trades that belong to no order of ours (external activity)
 * and the client order ids attached through their trades.
 */
export async function syncFills(gateway: ExchangeGateway, store: TradeStore, account: string, symbol: string): Promise<{ applied: number; external: string[]; attached: string[] }> {
  const ours = new Map<string, string>();
  for (const intent of await store.listIntents({ account })) {
    if (intent.symbol !== symbol) continue;
    const order = await store.getOrder(intent.clientOrderId);
    if (order?.venueOrderId) ours.set(order.venueOrderId, intent.clientOrderId);
  }
  const trades = await gateway.fetchUserTrades(symbol);
  const unattributed = trades.filter((trade) => !ours.has(trade.venueOrderId));
  if (unattributed.length > 0) {
    // A filled stop's trades carry the id of the market order it triggered.
    for (const intent of await store.listIntents({ account })) {
      if (intent.symbol !== symbol || intent.price !== null || !intent.reduceOnly) continue;
      const order = await store.getOrder(intent.clientOrderId);
      if (order === undefined || order.status !== 'FILLED') continue;
      const triggered = await gateway.fetchOrderByClientId({ symbol, clientOrderId: intent.clientOrderId, conditional: false });
      if (triggered !== undefined && triggered.venueOrderId !== '') ours.set(triggered.venueOrderId, intent.clientOrderId);
    }
  }
  // A trade of an order the store knows by client order id only (its placement answer was lost) is ours.
  const attached = await claimTradesOfOurOrders(gateway, store, account, symbol, trades, ours);
  let applied = 0;
  const external: string[] = [];
  for (const trade of trades) {
    const clientOrderId = ours.get(trade.venueOrderId) ?? null;
    if (clientOrderId === null) external.push(trade.tradeId);
    const result = await store.applyFill({
      account,
      symbol,
      tradeId: trade.tradeId,
      clientOrderId,
      venueOrderId: trade.venueOrderId === '' ? null : trade.venueOrderId,
      side: trade.side,
      quantity: decimalText(trade.quantity),
      price: decimalText(trade.price),
      fee: decimalText(trade.fee),
      atMs: trade.timeMs,
    });
    if (result.applied) applied++;
  }
  return { applied, external, attached };
}

/**
 * Rebuilds the emergency stop's day and week references after a restart from the equity the runner
 * stored every bar: the account's first snapshot (total-loss reference), then every snapshot of the
 * current ISO week in order, so today's and this week's start equity are the first seen then, as
 * if the runner had never stopped. A stop that already saw equity is left alone.
 */
export async function restoreEquityReferences(store: TradeStore, stop: EmergencyStop, account: string, nowMs: number): Promise<number> {
  if (stop.initialEquity === stop.initialEquity) return 0;
  const weekStartMs = isoWeekStartMs(isoWeekIndex(utcDayIndex(nowMs)));
  const snapshots = await store.listEquitySnapshots(account, { toMs: nowMs });
  const first = snapshots[0];
  if (first === undefined) return 0;
  let fed = 0;
  if (first.atMs < weekStartMs) {
    stop.onEquity(first.atMs, Number(first.equity));
    fed++;
  }
  for (const snapshot of snapshots) {
    if (snapshot.atMs < weekStartMs) continue;
    stop.onEquity(snapshot.atMs, Number(snapshot.equity));
    fed++;
  }
  return fed;
}
