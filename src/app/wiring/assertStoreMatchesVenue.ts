//! The check every live reliability test ends with (RELIABILITY.md §6, "nothing lost"): every intent,
//! order, fill and position change of the account is in exactly one final stored state that matches
//! the local venue. Test support only: it reads the venue simulator's own books, not the API.
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import type { SimOrder, VenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

/** Venue orders that are orders in their own right: a triggered stop's market child carries the stop's id and is accounted to it. */
function primaryOrders(orders: readonly SimOrder[]): SimOrder[] {
  return orders.filter((order) => order.isAlgo || order.origType === undefined || (order.origType !== 'STOP_MARKET' && order.origType !== 'TAKE_PROFIT_MARKET'));
}

/** The ids the venue knows an order by: its own, and for a triggered algo order the id of the order it became. */
function venueOrderIds(order: SimOrder): string[] {
  return [String(order.orderId), ...(order.actualOrderId === undefined ? [] : [String(order.actualOrderId)])];
}

/**
 * The store and the venue agree, with nothing lost and nothing duplicated:
 * - intents: none left NEW (persisted, outcome never established); a SENT one has an order record that
 *   left PENDING_SEND; a NOT_SENT or DENIED one has no order at the venue;
 * - orders: at most one venue order per client order id of ours; each is stored with the venue's
 *   status, filled quantity and order id; a stored open order is open at the venue; none is left
 *   UNKNOWN or PENDING_SEND; a stored REJECTED order never reached the venue's book;
 * - fills: the stored trade ids are exactly the venue's (each once), with the venue's quantity and
 *   price, and the fills of each of our orders add up to its executed quantity;
 * - positions: quantity equals the venue's, and realised PnL net of fees equals the sum over the
 *   venue's trades (its `/userTrades` realizedPnl minus commission).
 */
export async function assertStoreMatchesVenue(store: TradeStore, sim: VenueSim, account: string): Promise<void> {
  const venue = sim.state();
  const intents = await store.listIntents({ account });
  const intentById = new Map(intents.map((intent) => [intent.clientOrderId, intent]));
  const venueOrders = primaryOrders(venue.orders);
  const isOurs = async (clientOrderId: string): Promise<boolean> => intentById.has(clientOrderId) || (await store.getOrder(clientOrderId))?.account === account;

  for (const intent of intents) {
    assert.notEqual(intent.state, 'NEW', `intent ${intent.clientOrderId} reached a final state (SENT, NOT_SENT or DENIED), was still NEW`);
    const atVenue = venueOrders.filter((order) => order.clientOrderId === intent.clientOrderId);
    if (intent.state === 'NOT_SENT' || intent.state === 'DENIED') {
      assert.equal(atVenue.length, 0, `intent ${intent.clientOrderId} is ${intent.state}, yet the venue has an order with its id`);
    } else {
      const stored = await store.getOrder(intent.clientOrderId);
      assert.ok(stored !== undefined, `SENT intent ${intent.clientOrderId} has an order record`);
      assert.notEqual(stored.status, 'PENDING_SEND', `SENT intent ${intent.clientOrderId}: its order left PENDING_SEND`);
    }
  }

  const oursAtVenue = new Map<string, SimOrder[]>();
  for (const order of venueOrders) {
    if (!(await isOurs(order.clientOrderId))) continue;
    oursAtVenue.set(order.clientOrderId, [...(oursAtVenue.get(order.clientOrderId) ?? []), order]);
  }
  for (const [clientOrderId, orders] of oursAtVenue) {
    assert.equal(orders.length, 1, `one venue order per client order id: ${clientOrderId} is at the venue ${orders.length} times (${orders.map((order) => `${order.type} ${order.status}`).join(', ')})`);
    const order = orders[0] as SimOrder;
    const stored = await store.getOrder(clientOrderId);
    assert.ok(stored !== undefined, `venue order ${clientOrderId} (${order.type} ${order.status}) is in the store`);
    assert.equal(stored.status, order.status, `order ${clientOrderId}: store status equals the venue's`);
    assert.ok(new Decimal(stored.filledQuantity).eq(order.executedQty), `order ${clientOrderId}: filled ${stored.filledQuantity} in the store, ${order.executedQty} at the venue`);
    const venueIds = venueOrderIds(order);
    assert.ok(stored.venueOrderId !== null && venueIds.includes(stored.venueOrderId), `order ${clientOrderId}: the store links the venue order id (${venueIds.join(' or ')}), was ${String(stored.venueOrderId)}`);
  }

  for (const open of await store.listOpenOrders(account)) {
    assert.ok(open.status !== 'UNKNOWN' && open.status !== 'PENDING_SEND', `store order ${open.clientOrderId} is resolved, was ${open.status}`);
    const atVenue = oursAtVenue.get(open.clientOrderId)?.[0];
    assert.ok(atVenue !== undefined && (atVenue.status === 'NEW' || atVenue.status === 'PARTIALLY_FILLED'), `store order ${open.clientOrderId} (${open.status}) is open at the venue too`);
  }
  for (const intent of intents) {
    const stored = await store.getOrder(intent.clientOrderId);
    if (stored?.status !== 'REJECTED') continue;
    const atVenue = oursAtVenue.get(intent.clientOrderId)?.[0];
    assert.ok(atVenue === undefined || atVenue.status === 'REJECTED', `order ${intent.clientOrderId} is REJECTED in the store but ${atVenue?.status} at the venue`);
  }

  const fills = await store.listFills({ account });
  const storedTradeIds = fills.map((fill) => `${fill.symbol}:${fill.tradeId}`).sort();
  const venueTradeIds = venue.trades.map((trade) => `${trade.symbol}:${trade.id}`).sort();
  assert.deepEqual(storedTradeIds, venueTradeIds, 'every venue trade is stored exactly once');
  for (const fill of fills) {
    const trade = venue.trades.find((candidate) => candidate.symbol === fill.symbol && String(candidate.id) === fill.tradeId);
    assert.ok(trade !== undefined && new Decimal(fill.quantity).eq(trade.qty) && new Decimal(fill.price).eq(trade.price) && fill.side === trade.side, `fill ${fill.symbol}:${fill.tradeId} has the venue trade's side, quantity and price`);
  }
  for (const [clientOrderId, [order]] of oursAtVenue) {
    if (order === undefined) continue;
    // A fill back-filled from /userTrades carries the venue order id only (Binance sends no client id there).
    const venueIds = venueOrderIds(order);
    const filled = fills.filter((fill) => fill.clientOrderId === clientOrderId || (fill.venueOrderId !== null && venueIds.includes(fill.venueOrderId))).reduce((sum, fill) => sum.plus(fill.quantity), new Decimal(0));
    assert.ok(filled.eq(order.executedQty), `order ${clientOrderId}: its stored fills add up to ${filled.toFixed()}, the venue executed ${order.executedQty}`);
  }

  const symbols = new Set([...venue.positions.map((position) => position.symbol), ...venue.trades.map((trade) => trade.symbol), ...(await store.listPositions(account)).map((position) => position.symbol)]);
  for (const symbol of symbols) {
    const venueQuantity = venue.positions.find((position) => position.symbol === symbol)?.positionAmt ?? 0;
    const stored = await store.getPosition(account, symbol);
    assert.ok(new Decimal(stored?.quantity ?? '0').eq(venueQuantity), `position ${symbol}: store ${stored?.quantity ?? '0'}, venue ${venueQuantity}`);
    const venuePnl = venue.trades.filter((trade) => trade.symbol === symbol).reduce((sum, trade) => sum.plus(String(trade.realizedPnl)).minus(String(trade.commission)), new Decimal(0));
    assert.equal(new Decimal(stored?.realizedPnl ?? '0').toFixed(6), venuePnl.toFixed(6), `position ${symbol}: realised PnL net of fees equals the venue's trades`);
  }
}
