import type { VenueOrder, VenueTrade } from '../../domain/order/venueOrder.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { OrderIntentRecord, OrderStatus, TradeStore } from '../../ports/tradeStore.ts';
import { orderOfClientId, VENUE_RECORD_MARGIN_MS } from './findInVenueRecord.ts';

/** Binance answers `allOrders` over at most 7 days from startTime. */
const VENUE_RECORD_SPAN_MS = 7 * 86_400_000;
/** Orders asked for one by one per call (trades of orders outside the window): beyond, trades count as foreign. */
const MAX_ORDERS_ASKED_BY_ID = 10;

/**
 * Trades whose venue order id no stored order of ours carries may still be ours: the venue accepted
 * the order while the answer was lost and look-ups by client order id said "does not exist", so it is
 * stored UNKNOWN, PENDING_SEND, or NOT_SENT by an earlier verdict. The venue's order record names each
 * trade's client order id: an order whose id is one of our intents is attached (its venue state
 * stored, its intent SENT) and its venue order id added to `ours` (venue order id → client order id),
 * so its fills apply as ours. Only then is a trade foreign. Returns the client order ids attached.
 */
export async function claimTradesOfOurOrders(gateway: ExchangeGateway, store: TradeStore, account: string, symbol: string, trades: readonly VenueTrade[], ours: Map<string, string>): Promise<string[]> {
  const unattributed = trades.filter((trade) => trade.venueOrderId !== '' && !ours.has(trade.venueOrderId));
  if (unattributed.length === 0) return [];
  const intents = (await store.listIntents({ account })).filter((intent) => intent.symbol === symbol);
  const latestTradeMs = Math.max(...unattributed.map((trade) => trade.timeMs));
  const candidates = new Map<string, OrderIntentRecord>();
  for (const intent of intents) {
    // An order trades after it is placed: an intent stored after the last of these trades owns none.
    if (intent.createdAtMs - VENUE_RECORD_MARGIN_MS > latestTradeMs) continue;
    if (await mayHaveUnseenOrder(store, intent)) candidates.set(intent.clientOrderId, intent);
  }
  // A trade that names one of our ids is ours whatever its intent's stored state says.
  for (const trade of unattributed) {
    const intent = trade.clientOrderId === undefined ? undefined : intents.find((candidate) => candidate.clientOrderId === trade.clientOrderId);
    if (intent !== undefined) candidates.set(intent.clientOrderId, intent);
  }
  if (candidates.size === 0) return [];

  const earliestTradeMs = Math.min(...unattributed.map((trade) => trade.timeMs));
  const earliestIntentMs = Math.min(...[...candidates.values()].map((intent) => intent.createdAtMs));
  const sinceMs = Math.max(earliestIntentMs, earliestTradeMs - VENUE_RECORD_SPAN_MS) - VENUE_RECORD_MARGIN_MS;
  const regular = await gateway.fetchOrdersSince(symbol, sinceMs);
  const conditional = await gateway.fetchOrdersSince(symbol, sinceMs, { conditional: true });
  const attached: string[] = [];
  const claim = async (order: VenueOrder, tradeOrderId: string): Promise<void> => {
    const clientOrderId = order.clientOrderId;
    if (clientOrderId === undefined || !candidates.has(clientOrderId)) return;
    ours.set(tradeOrderId, clientOrderId);
    if (attached.includes(clientOrderId)) return;
    attached.push(clientOrderId);
    await attachOrder(store, account, orderOfClientId(regular, conditional, clientOrderId) ?? order, unattributed.find((trade) => trade.venueOrderId === tradeOrderId)?.timeMs ?? earliestTradeMs);
  };
  for (const order of regular) if (unattributed.some((trade) => trade.venueOrderId === order.venueOrderId)) await claim(order, order.venueOrderId);

  let asked = 0;
  for (const trade of unattributed) {
    if (ours.has(trade.venueOrderId) || regular.some((order) => order.venueOrderId === trade.venueOrderId)) continue;
    if (asked >= MAX_ORDERS_ASKED_BY_ID) break;
    asked++;
    const order = await gateway.fetchOrderByVenueId({ symbol, venueOrderId: trade.venueOrderId });
    if (order !== undefined) await claim(order, trade.venueOrderId);
  }
  return attached;
}

/** An intent whose order the venue may hold under an id the store does not know yet. */
async function mayHaveUnseenOrder(store: TradeStore, intent: OrderIntentRecord): Promise<boolean> {
  if (intent.state === 'DENIED') return false;
  const order = await store.getOrder(intent.clientOrderId);
  if (order === undefined) return true;
  if (order.venueOrderId !== null) return false;
  // REJECTED with the intent SENT is the venue's own refusal (-2019 and the like): it has no trades.
  return order.status === 'UNKNOWN' || order.status === 'PENDING_SEND' || intent.state === 'NOT_SENT' || intent.state === 'NEW';
}

/**
 * Stores the venue's state of an order found through its trades. A stored state without a venue order
 * id (UNKNOWN, PENDING_SEND, or REJECTED for not being found in time) was our guess, never the venue's
 * word: the venue's record replaces it.
 */
async function attachOrder(store: TradeStore, account: string, order: VenueOrder, atMs: number): Promise<void> {
  const clientOrderId = order.clientOrderId as string;
  const previous = await store.getOrder(clientOrderId);
  const changedAtMs = order.updateTimeMs ?? atMs;
  if (previous === undefined || previous.venueOrderId === null) {
    await store.recordOrderUpdate({
      clientOrderId,
      account,
      symbol: order.symbol,
      venueOrderId: order.venueOrderId === '' ? null : order.venueOrderId,
      status: order.status as OrderStatus,
      filledQuantity: order.executedQuantity.isZero() ? '0' : order.executedQuantity.toFixed(),
      averagePrice: order.averagePrice === undefined || order.executedQuantity.isZero() ? null : order.averagePrice.toFixed(),
      atMs: changedAtMs,
      reason: 'attached through its trades: the venue record lists our client order id',
    });
  }
  const intent = await store.getIntent(clientOrderId);
  if (intent !== undefined && intent.state !== 'SENT') await store.setIntentState(clientOrderId, 'SENT', changedAtMs);
}
