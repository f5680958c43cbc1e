import { Decimal } from 'decimal.js';
import type { VenueOrder } from '../../domain/order/venueOrder.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { findInVenueRecord } from './findInVenueRecord.ts';
import type { ExternalPolicy } from './liveTypes.ts';
import { OtherRunnerError, otherRunnerOrders } from './otherRunnerOrders.ts';
import { recordVenueOrder, syncFills } from './venueBookkeeping.ts';

export interface ReconcileDeps {
  readonly account: string;
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly logger: Logger;
  /** Symbols the account's sleeves trade. */
  readonly symbols: readonly string[];
  readonly externalPolicy: ExternalPolicy;
  readonly lookupAttempts: number;
  readonly lookupWindowMs: number;
  readonly nowMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The store's instance id: open orders of another instance (another runner) fail the reconciliation. */
  readonly instanceId?: string;
}

export interface ReconcileReport {
  /** Stored orders whose state or fills were brought up to the venue's. */
  readonly ordersUpdated: string[];
  /** Intents found at the venue and attached (crash after send). */
  readonly attached: string[];
  /** Intents never sent: now NOT_SENT, to be re-evaluated by the risk engine. */
  readonly notSent: string[];
  readonly fillsApplied: number;
  readonly externalOrders: string[];
  readonly externalPositions: string[];
  /** Set when reconciliation left the account HALTED (external activity, unresolved mismatch). */
  readonly haltReason: string | undefined;
}

/**
 * Brings the store in line with the venue (startup and periodic): our orders by client order id,
 * missing fills by trade id, never-sent intents, and foreign orders and positions. Any failed venue
 * query throws: the caller stays NOT_READY and never assumes flat or empty.
 */
export async function reconcileAccount(deps: ReconcileDeps): Promise<ReconcileReport> {
  const { gateway, store, account } = deps;
  const atMs = deps.nowMs();
  const venuePositions = await gateway.fetchPositions();
  const venueOpen = await gateway.fetchOpenOrders();
  // Another runner trades this account: nothing here may be resolved or cancelled as if foreign.
  const others = deps.instanceId === undefined ? [] : otherRunnerOrders(venueOpen, deps.instanceId);
  if (others.length > 0) throw new OtherRunnerError(account, others, deps.instanceId as string);
  const intents = await store.listIntents({ account });
  const intentIds = new Set(intents.map((intent) => intent.clientOrderId));
  const ordersUpdated: string[] = [];
  const attached: string[] = [];
  const notSent: string[] = [];

  // Our stored open orders (NEW, PARTIALLY_FILLED, UNKNOWN): their venue state now.
  for (const order of await store.listOpenOrders(account)) {
    const unresolved = order.status === 'UNKNOWN' || order.status === 'PENDING_SEND';
    const found =
      venueOpen.find((candidate) => candidate.clientOrderId === order.clientOrderId) ??
      (await lookUp(deps, order.symbol, order.clientOrderId, unresolved ? deps.lookupAttempts : 1)) ??
      (unresolved ? await searchVenueRecord(deps, order.symbol, order.clientOrderId, (await store.getIntent(order.clientOrderId))?.createdAtMs ?? order.updatedAtMs) : undefined);
    if (found !== undefined) {
      const pending = order.status === 'PENDING_SEND';
      await recordVenueOrder(store, account, found, atMs, pending ? 'attached by reconciliation (sent before a restart)' : 'reconciliation');
      if (pending && (await store.getIntent(order.clientOrderId))?.state === 'NEW') {
        // Recorded before the send, answer lost (crash after send): the venue has it, so it was sent.
        await store.setIntentState(order.clientOrderId, 'SENT', atMs);
        attached.push(order.clientOrderId);
      } else {
        ordersUpdated.push(order.clientOrderId);
      }
    } else if (order.status === 'UNKNOWN' || order.status === 'PENDING_SEND') {
      await store.recordOrderUpdate({ ...order, status: 'REJECTED', atMs, reason: `not found at the venue after ${deps.lookupAttempts} look-ups over ${deps.lookupWindowMs} ms, nor in its orders and trades since the intent` });
      await store.setIntentState(order.clientOrderId, 'NOT_SENT', atMs);
      notSent.push(order.clientOrderId);
    } else {
      // A stored working order the venue no longer knows cannot be resolved: fail closed.
      throw new ReconciliationMismatchError(`${account}: order ${order.clientOrderId} is ${order.status} in the store but unknown to the venue`);
    }
  }

  // Intents stored but with no order record: crashed before or right after the send.
  for (const intent of intents) {
    if (intent.state !== 'NEW' || (await store.getOrder(intent.clientOrderId)) !== undefined) continue;
    const found =
      venueOpen.find((candidate) => candidate.clientOrderId === intent.clientOrderId) ??
      (await lookUp(deps, intent.symbol, intent.clientOrderId, deps.lookupAttempts)) ??
      (await searchVenueRecord(deps, intent.symbol, intent.clientOrderId, intent.createdAtMs));
    if (found !== undefined) {
      await recordVenueOrder(store, account, found, atMs, 'attached by reconciliation (sent before a restart)');
      await store.setIntentState(intent.clientOrderId, 'SENT', atMs);
      attached.push(intent.clientOrderId);
    } else {
      await store.setIntentState(intent.clientOrderId, 'NOT_SENT', atMs);
      notSent.push(intent.clientOrderId);
      deps.logger.warn('intent_not_sent', { account, clientOrderId: intent.clientOrderId, reason: 'no venue order after look-ups, nor in its orders and trades since the intent: re-evaluated by the risk engine, never resent' });
    }
  }

  const symbols = new Set<string>([...deps.symbols, ...venuePositions.map((p) => p.symbol), ...venueOpen.map((o) => o.symbol)]);
  for (const position of await store.listPositions(account)) if (position.quantity !== '0') symbols.add(position.symbol);
  let fillsApplied = 0;
  const externalTrades: string[] = [];
  for (const symbol of symbols) {
    const synced = await syncFills(gateway, store, account, symbol);
    fillsApplied += synced.applied;
    for (const clientOrderId of synced.attached) {
      attached.push(clientOrderId);
      deps.logger.warn('order_found_in_venue_record', { account, symbol, clientOrderId, reason: 'a venue trade belongs to an order stored without its venue order id: attached, its fills applied as ours' });
    }
    if (deps.symbols.includes(symbol)) externalTrades.push(...synced.external.map((id) => `${symbol}:${id}`));
  }

  const externalOrders = venueOpen.filter((order) => order.clientOrderId === undefined || !intentIds.has(order.clientOrderId));
  const externalPositions = venuePositions.filter((position) => !deps.symbols.includes(position.symbol));
  const reasons: string[] = [];
  for (const order of externalOrders) {
    await store.recordIncident({ atMs, kind: 'EXTERNAL_ORDER', severity: 'CRITICAL', detail: { account, symbol: order.symbol, venueOrderId: order.venueOrderId, clientOrderId: order.clientOrderId ?? null, policy: deps.externalPolicy } });
    deps.logger.error('alert_external_order', { account, symbol: order.symbol, clientOrderId: order.clientOrderId ?? null, reason: `not ours; policy ${deps.externalPolicy}` });
    if (deps.externalPolicy === 'cancel' && order.clientOrderId !== undefined) {
      await gateway.cancelOrder({ symbol: order.symbol, clientOrderId: order.clientOrderId, conditional: order.type === 'STOP_MARKET' || order.type === 'TAKE_PROFIT_MARKET' });
    } else {
      reasons.push(`external order ${order.venueOrderId} on ${order.symbol}`);
    }
  }
  for (const position of externalPositions) {
    await store.recordIncident({ atMs, kind: 'EXTERNAL_POSITION', severity: 'CRITICAL', detail: { account, symbol: position.symbol, quantity: position.quantity.toFixed(), policy: deps.externalPolicy } });
    deps.logger.error('alert_external_position', { account, symbol: position.symbol, quantity: position.quantity.toFixed(), reason: `not ours; policy ${deps.externalPolicy}` });
    // A position cannot be cancelled and is never flattened for someone else: unresolved under either policy, so fail closed.
    reasons.push(`external position ${position.quantity.toFixed()} ${position.symbol}`);
  }
  if (externalTrades.length > 0) {
    await store.recordIncident({ atMs, kind: 'EXTERNAL_FILLS', severity: 'CRITICAL', detail: { account, trades: externalTrades.slice(0, 20) } });
    reasons.push(`fills of foreign orders on traded symbols (${externalTrades.length})`);
  }

  // After every fill is in, the store's positions must equal the venue's.
  for (const symbol of symbols) {
    const venueQuantity = venuePositions.find((position) => position.symbol === symbol)?.quantity ?? new Decimal(0);
    const stored = new Decimal((await store.getPosition(account, symbol))?.quantity ?? '0');
    if (!stored.eq(venueQuantity)) {
      await store.recordIncident({ atMs, kind: 'POSITION_MISMATCH', severity: 'CRITICAL', detail: { account, symbol, store: stored.toFixed(), venue: venueQuantity.toFixed() } });
      reasons.push(`position ${symbol}: store ${stored.toFixed()}, venue ${venueQuantity.toFixed()}`);
    }
  }

  let haltReason: string | undefined;
  if (reasons.length > 0) {
    haltReason = `reconciliation: ${reasons.join('; ')}`;
    const current = await store.loadTradingState(account);
    if (current?.state !== 'HALTED') await store.recordTradingState({ account, atMs, state: 'HALTED', reason: haltReason, actor: 'reconciliation' });
    deps.logger.error('alert_trading_halted', { account, reason: haltReason });
  }
  return {
    ordersUpdated,
    attached,
    notSent,
    fillsApplied,
    externalOrders: externalOrders.map((order) => order.clientOrderId ?? order.venueOrderId),
    externalPositions: externalPositions.map((position) => position.symbol),
    haltReason,
  };
}

/** A store/venue disagreement reconciliation cannot resolve: the account stays NOT_READY. */
export class ReconciliationMismatchError extends Error {
  override readonly name = 'ReconciliationMismatchError';
}

/**
 * After the look-ups: the venue's orders and trades since the intent was stored. A venue that still
 * answers "does not exist" by client order id already lists an order it accepted there (case 6).
 */
async function searchVenueRecord(deps: ReconcileDeps, symbol: string, clientOrderId: string, intentCreatedAtMs: number): Promise<VenueOrder | undefined> {
  const found = await findInVenueRecord(deps.gateway, symbol, clientOrderId, intentCreatedAtMs);
  if (found !== undefined) deps.logger.warn('order_found_in_venue_record', { account: deps.account, clientOrderId, status: found.status, reason: 'look-ups by client order id said "does not exist"; the venue\'s order and trade record lists it' });
  return found;
}

/** K look-ups over T, regular then conditional book; a not-found is no verdict until the last. */
async function lookUp(deps: ReconcileDeps, symbol: string, clientOrderId: string, attempts: number): Promise<VenueOrder | undefined> {
  const spacingMs = attempts > 1 ? deps.lookupWindowMs / (attempts - 1) : 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const conditional = await deps.gateway.fetchOrderByClientId({ symbol, clientOrderId, conditional: true });
    const regular = conditional === undefined || (conditional.status === 'FILLED' && conditional.executedQuantity.isZero()) ? await deps.gateway.fetchOrderByClientId({ symbol, clientOrderId, conditional: false }) : undefined;
    // A triggered stop reports its execution on the market order it became (same client order id).
    if (conditional !== undefined && regular !== undefined) return { ...conditional, executedQuantity: regular.executedQuantity, averagePrice: regular.averagePrice };
    const found = conditional ?? regular;
    if (found !== undefined) return found;
    if (attempt < attempts) await deps.sleep(spacingMs);
  }
  return undefined;
}
