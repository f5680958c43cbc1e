import type { VenueOrder } from '../../domain/order/venueOrder.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';

/**
 * How much earlier than the intent's creation the venue's record is searched: the venue stamps orders
 * with its own clock, which may differ from ours by up to the gateway's offset bound (5 s by default).
 */
export const VENUE_RECORD_MARGIN_MS = 60_000;

/**
 * The venue's own record of one client order id, asked when look-ups by that id found nothing (the
 * venue answers "does not exist" for a while after it accepted an order): the account's orders of the
 * symbol since the intent was stored, both books, then its trades over the same window, whose orders
 * are asked for by venue order id. Undefined only when neither shows the id; a failed query throws, so
 * the caller stays NOT_READY instead of deciding NOT_SENT on a guess.
 */
export async function findInVenueRecord(gateway: ExchangeGateway, symbol: string, clientOrderId: string, intentCreatedAtMs: number, marginMs = VENUE_RECORD_MARGIN_MS): Promise<VenueOrder | undefined> {
  const sinceMs = intentCreatedAtMs - marginMs;
  const regular = await gateway.fetchOrdersSince(symbol, sinceMs);
  const conditional = await gateway.fetchOrdersSince(symbol, sinceMs, { conditional: true });
  const listed = orderOfClientId(regular, conditional, clientOrderId);
  if (listed !== undefined) return listed;
  const known = new Set([...regular, ...conditional].map((order) => order.venueOrderId));
  for (const trade of await gateway.fetchUserTrades(symbol, sinceMs)) {
    if (trade.venueOrderId === '' || known.has(trade.venueOrderId)) continue;
    known.add(trade.venueOrderId);
    if (trade.clientOrderId !== undefined && trade.clientOrderId !== clientOrderId) continue;
    const order = await gateway.fetchOrderByVenueId({ symbol, venueOrderId: trade.venueOrderId });
    if (order?.clientOrderId === clientOrderId) return order;
  }
  return undefined;
}

/**
 * The order with this client order id among the two books' orders. A triggered stop is listed twice
 * under the same id: as the conditional order (whose id we store) and as the market order it became,
 * which carries the execution.
 */
export function orderOfClientId(regular: readonly VenueOrder[], conditional: readonly VenueOrder[], clientOrderId: string): VenueOrder | undefined {
  const stop = conditional.find((order) => order.clientOrderId === clientOrderId);
  const executed = regular.find((order) => order.clientOrderId === clientOrderId);
  if (stop !== undefined && executed !== undefined) return { ...stop, executedQuantity: executed.executedQuantity, averagePrice: executed.averagePrice };
  return stop ?? executed;
}
