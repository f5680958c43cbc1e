import type { Decimal } from 'decimal.js';
import { OperationalHaltError, OrderDeniedError, OrderDenialReason, RetryableExchangeError } from '../../domain/errors/exchangeErrors.ts';
import type { MarketFilters } from '../../domain/order/marketFilters.ts';
import type { OrderRequest, VenueOrder, VenueTrade } from '../../domain/order/venueOrder.ts';
import type {
  AccountSettings,
  VenueFundingPayment,
  ApiRestrictions,
  BookTicker,
  CandleStreamHandlers,
  ClockSync,
  ExchangeGateway,
  MarkPriceSnapshot,
  OrderQuery,
  OrderStreamHandlers,
  PlaceOrderOutcome,
  Subscription,
  VenueBalance,
  VenueCandle,
  VenueOrderIdQuery,
  VenuePosition,
} from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { SleeveRouting } from './failoverPolicy.ts';

export interface RoutedAccount {
  readonly account: string;
  readonly gateway: ExchangeGateway;
}

export interface RoutingGatewayDeps {
  /** The primary first, then every fallback of the runner's sleeves, each once. */
  readonly accounts: readonly RoutedAccount[];
  /** The routing of the sleeve trading `symbol` (from the failover policy's last evaluation). */
  readonly routingOf: (symbol: string) => SleeveRouting | undefined;
  /** Whether an account is failed now (DOWN, or DEGRADED too long): its reads answer from what was last known. */
  readonly failed: (account: string) => boolean;
  readonly logger: Logger;
  /**
   * Largest gap between two venues' closes of one bar, bps (config `routing.marketData.maxDivergenceBps`):
   * bars from a fallback that differ more from the primary's on the bars both delivered are refused, so
   * no indicator window silently mixes venues whose prices disagree. Undefined: not checked.
   */
  readonly maxDivergenceBps?: number;
}

/** Which account delivered a bar. */
export interface CandleSource {
  readonly account: string;
  readonly openTimeMs: number;
}

/** What an account last answered about one symbol: enough to know whether anything of ours is there. */
interface KnownState {
  positions: VenuePosition[];
  openOrders: VenueOrder[];
  balances: VenueBalance[] | undefined;
}

/**
 * One runner's gateway over several venue accounts (a new implementation of the port, so the runner
 * stays as it is): new entries go to the account the failover policy routes the sleeve to; an open
 * position's orders (exits, its protective stop, increases) go to the account holding it; look-ups
 * and cancels go where the order was placed. Reads merge the accounts; a failed account answers from
 * its last known state only while that state holds nothing of ours for the symbols asked — otherwise
 * the failure goes up and the runner is NOT_READY for it (never a guess, never a hedge elsewhere).
 */
export class RoutingGateway implements ExchangeGateway {
  readonly venue: string;
  private readonly known = new Map<string, KnownState>();
  /** Where each order this gateway placed went, by client order id. */
  private readonly placedOn = new Map<string, string>();
  /** The account of the last entry placed per symbol: the holder until that account shows the symbol flat with no working entry. */
  private readonly entryOn = new Map<string, string>();
  /** Symbols whose leverage and margin mode each account has been given (entries go only to a prepared account). */
  private readonly prepared = new Map<string, Set<string>>();
  private leverageBySymbol = new Map<string, number>();
  /** Per symbol and timeframe: each bar's close and the account that delivered it. */
  private readonly bars = new Map<string, Map<number, { close: number; account: string }>>();

  constructor(private readonly deps: RoutingGatewayDeps) {
    if (deps.accounts.length === 0) throw new RangeError('a routing gateway needs at least one account');
    this.venue = deps.accounts.map((each) => each.gateway.venue).join('+');
    for (const { account } of deps.accounts) this.known.set(account, { positions: [], openOrders: [], balances: undefined });
  }

  /** The account holding `symbol` (a position or a working order of ours), as last known. */
  holderOf(symbol: string): string | undefined {
    const pending = this.entryOn.get(symbol);
    if (pending !== undefined) return pending;
    for (const { account } of this.deps.accounts) {
      const state = this.known.get(account);
      if (state?.positions.some((position) => position.symbol === symbol && !position.quantity.isZero())) return account;
      if (state?.openOrders.some((order) => order.symbol === symbol)) return account;
    }
    return undefined;
  }

  /** The account an order of `symbol` goes to now, or why none. */
  accountFor(symbol: string, reduceOnly: boolean): { account: string } | { refused: string; retryable: boolean } {
    const routing = this.deps.routingOf(symbol);
    const holder = this.holderOf(symbol);
    if (holder !== undefined) {
      if (this.deps.failed(holder)) return { refused: `NOT_READY: the ${symbol} position is on ${holder}, which cannot be reached; its orders wait for it (nothing is sent elsewhere)`, retryable: true };
      return { account: holder };
    }
    if (reduceOnly) return { account: this.primary.account };
    if (routing === undefined) return { account: this.primary.account };
    if (routing.entryAccount === undefined) return { refused: routing.entriesBlockedReason ?? 'no account takes entries', retryable: false };
    return { account: routing.entryAccount };
  }

  async connect(): Promise<void> {
    const failures: unknown[] = [];
    for (const { account, gateway } of this.deps.accounts) {
      try {
        await gateway.connect();
      } catch (error) {
        failures.push(error);
        this.deps.logger.warn('routed_account_unreachable', { account, reason: (error as Error).message });
      }
    }
    if (failures.length === this.deps.accounts.length) throw failures[0];
  }

  syncClock(): Promise<ClockSync> {
    return this.firstAnswer((gateway) => gateway.syncClock());
  }

  marketFilters(symbol: string): MarketFilters {
    const target = this.accountFor(symbol, false);
    return this.gatewayOf('account' in target ? target.account : this.primary.account).marketFilters(symbol);
  }

  /**
   * Bars from the primary; when it does not deliver, from the next account that does, said in the log
   * and kept per bar (`candleSources`). A fallback's bars are first compared with the bars the primary
   * delivered: a close further apart than `maxDivergenceBps` refuses them (no decision on a mixed window).
   */
  async fetchCandles(symbol: string, timeframe: string, sinceMs?: number, limit?: number): Promise<VenueCandle[]> {
    const key = `${symbol}\u0000${timeframe}`;
    const known = this.bars.get(key) ?? new Map<number, { close: number; account: string }>();
    this.bars.set(key, known);
    let failure: unknown;
    for (const { account, gateway } of this.deps.accounts) {
      let candles: VenueCandle[];
      try {
        candles = await gateway.fetchCandles(symbol, timeframe, sinceMs, limit);
      } catch (error) {
        failure ??= error;
        this.deps.logger.warn('routed_read_moved_on', { account, symbol, reason: (error as Error).message });
        continue;
      }
      if (account !== this.primary.account) {
        this.refuseDivergence(symbol, account, candles, known);
        this.deps.logger.warn('candles_from_fallback', { account, symbol, count: candles.length, reason: `${this.primary.account} did not deliver` });
      }
      for (const candle of candles) {
        const before = known.get(candle.openTimeMs);
        // A bar the primary delivered keeps its source: the fallback's copy only confirmed it.
        if (before === undefined || account === this.primary.account) known.set(candle.openTimeMs, { close: candle.close, account });
      }
      return candles;
    }
    throw failure;
  }

  /** The account each known bar of `symbol` came from, oldest first. */
  candleSources(symbol: string, timeframe: string): CandleSource[] {
    return [...(this.bars.get(`${symbol}\u0000${timeframe}`) ?? new Map<number, { account: string }>())].map(([openTimeMs, bar]) => ({ account: bar.account, openTimeMs })).sort((a, b) => a.openTimeMs - b.openTimeMs);
  }

  fetchMarkPrice(symbol: string): Promise<MarkPriceSnapshot> {
    return this.onTarget(symbol, (gateway) => gateway.fetchMarkPrice(symbol));
  }

  fetchBookTicker(symbol: string): Promise<BookTicker> {
    return this.onTarget(symbol, (gateway) => gateway.fetchBookTicker(symbol));
  }

  setReferencePrice(symbol: string, price: Decimal): void {
    for (const { gateway } of this.deps.accounts) gateway.setReferencePrice(symbol, price);
  }

  /** Every account's balances added up per asset (a failed account counts with its last known ones). */
  async fetchBalances(): Promise<VenueBalance[]> {
    const totals = new Map<string, VenueBalance>();
    for (const { account, gateway } of this.deps.accounts) {
      const state = this.stateOf(account);
      let balances: VenueBalance[];
      try {
        balances = await gateway.fetchBalances();
        state.balances = balances;
      } catch (error) {
        if (state.balances === undefined || !this.deps.failed(account)) throw error;
        balances = state.balances;
      }
      for (const balance of balances) {
        const sum = totals.get(balance.asset);
        totals.set(balance.asset, sum === undefined ? balance : { asset: balance.asset, free: sum.free.plus(balance.free), used: sum.used.plus(balance.used), total: sum.total.plus(balance.total) });
      }
    }
    return [...totals.values()];
  }

  async fetchPositions(symbols?: ReadonlyArray<string>): Promise<VenuePosition[]> {
    const merged: VenuePosition[] = [];
    const heldOn = new Map<string, string>();
    for (const { account } of this.deps.accounts) {
      const positions = await this.readOrKnown(account, symbols, async (gateway, state) => {
        const answer = await gateway.fetchPositions(symbols);
        state.positions = [...state.positions.filter((position) => symbols !== undefined && !symbols.includes(position.symbol)), ...answer];
        return answer;
      }, (state) => state.positions.filter((position) => symbols === undefined || symbols.includes(position.symbol)));
      for (const position of positions) {
        if (position.quantity.isZero()) continue;
        const other = heldOn.get(position.symbol);
        // One sleeve, one venue: a position on two accounts is no state this gateway ever makes.
        if (other !== undefined) throw new OperationalHaltError(`${position.symbol} is open on both ${other} and ${account}: a split position needs a human`);
        heldOn.set(position.symbol, account);
        merged.push(position);
      }
    }
    this.settleEntries();
    return merged;
  }

  async fetchAccountSettings(): Promise<AccountSettings> {
    for (const { gateway } of this.deps.accounts) {
      const settings = await gateway.fetchAccountSettings();
      if (settings.positionMode !== 'ONE_WAY') return settings;
    }
    return { positionMode: 'ONE_WAY' };
  }

  fetchApiRestrictions(): Promise<ApiRestrictions | undefined> {
    return this.primary.gateway.fetchApiRestrictions();
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    this.leverageBySymbol.set(symbol, leverage);
    for (const done of this.prepared.values()) done.delete(symbol);
    await this.prepareEverywhere(symbol);
  }

  async setIsolatedMargin(symbol: string): Promise<void> {
    await this.prepareEverywhere(symbol);
  }

  async placeOrder(request: OrderRequest): Promise<PlaceOrderOutcome> {
    const target = this.accountFor(request.symbol, request.reduceOnly);
    if ('refused' in target) {
      if (target.retryable) throw new RetryableExchangeError(target.refused);
      throw new OrderDeniedError(target.refused, { reason: OrderDenialReason.INVALID_ORDER, local: true });
    }
    const gateway = this.gatewayOf(target.account);
    if (!request.reduceOnly) await this.prepare(target.account, request.symbol);
    this.placedOn.set(request.clientOrderId, target.account);
    if (!request.reduceOnly) this.entryOn.set(request.symbol, target.account);
    return gateway.placeOrder(request);
  }

  async cancelOrder(query: OrderQuery): Promise<VenueOrder | undefined> {
    const placed = this.placedOn.get(query.clientOrderId);
    if (placed !== undefined) return this.gatewayOf(placed).cancelOrder(query);
    return this.findOnAny((gateway) => gateway.cancelOrder(query));
  }

  async fetchOrderByClientId(query: OrderQuery): Promise<VenueOrder | undefined> {
    const placed = this.placedOn.get(query.clientOrderId);
    if (placed !== undefined) return this.gatewayOf(placed).fetchOrderByClientId(query);
    return this.findOnAny((gateway) => gateway.fetchOrderByClientId(query), (order, account) => this.placedOn.set(query.clientOrderId, account));
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    const symbols = symbol === undefined ? undefined : [symbol];
    const merged: VenueOrder[] = [];
    for (const { account } of this.deps.accounts) {
      merged.push(
        ...(await this.readOrKnown(account, symbols, async (gateway, state) => {
          const answer = await gateway.fetchOpenOrders(symbol);
          state.openOrders = [...state.openOrders.filter((order) => symbol !== undefined && order.symbol !== symbol), ...answer];
          for (const order of answer) if (order.clientOrderId !== undefined) this.placedOn.set(order.clientOrderId, account);
          return answer;
        }, (state) => state.openOrders.filter((order) => symbol === undefined || order.symbol === symbol))),
      );
    }
    this.settleEntries();
    return merged;
  }

  async fetchUserTrades(symbol: string, sinceMs?: number): Promise<VenueTrade[]> {
    return this.mergeReads([symbol], (gateway) => gateway.fetchUserTrades(symbol, sinceMs));
  }

  /**
   * Every account's funding on the symbol, oldest first. Unlike the other reads a failed account is never
   * answered from what it last said: funding is synced from the last stored payment on, so a missing answer
   * read as "none" would lose payments for good. A fallback's payment ids carry its account name (the venues
   * number them apart; the store keys them by the runner's account).
   */
  async fetchFundingPayments(symbol: string, sinceMs?: number): Promise<VenueFundingPayment[]> {
    const merged: VenueFundingPayment[] = [];
    for (const { account, gateway } of this.deps.accounts) {
      const payments = await gateway.fetchFundingPayments(symbol, sinceMs);
      merged.push(...(account === this.primary.account ? payments : payments.map((payment) => ({ ...payment, paymentId: `${account}:${payment.paymentId}` }))));
    }
    return merged.sort((a, b) => a.timeMs - b.timeMs);
  }

  fetchOrdersSince(symbol: string, sinceMs: number, options?: { readonly conditional?: boolean }): Promise<VenueOrder[]> {
    return this.mergeReads([symbol], (gateway) => gateway.fetchOrdersSince(symbol, sinceMs, options));
  }

  fetchOrderByVenueId(query: VenueOrderIdQuery): Promise<VenueOrder | undefined> {
    return this.findOnAny((gateway) => gateway.fetchOrderByVenueId(query));
  }

  watchCandles(symbol: string, timeframe: string, handlers: CandleStreamHandlers): Subscription {
    return this.primary.gateway.watchCandles(symbol, timeframe, handlers);
  }

  watchOrders(symbols: ReadonlyArray<string>, handlers: OrderStreamHandlers): Subscription {
    const subscriptions = this.deps.accounts.map(({ gateway }) => gateway.watchOrders(symbols, handlers));
    return { close: async () => void (await Promise.all(subscriptions.map((subscription) => subscription.close()))) };
  }

  async armCancelAllCountdown(symbol: string, countdownMs: number): Promise<boolean> {
    let armed = false;
    for (const { account, gateway } of this.deps.accounts) {
      if (this.deps.failed(account) && !this.holdsAnything(account, [symbol])) continue;
      armed = (await gateway.armCancelAllCountdown(symbol, countdownMs)) || armed;
    }
    return armed;
  }

  markReconciled(): void {
    for (const { gateway } of this.deps.accounts) gateway.markReconciled?.();
  }

  async close(): Promise<void> {
    for (const { gateway } of this.deps.accounts) await gateway.close();
  }

  private get primary(): RoutedAccount {
    return this.deps.accounts[0];
  }

  private gatewayOf(account: string): ExchangeGateway {
    const found = this.deps.accounts.find((each) => each.account === account);
    if (found === undefined) throw new RangeError(`account "${account}" is not routed through this gateway`);
    return found.gateway;
  }

  private stateOf(account: string): KnownState {
    const state = this.known.get(account);
    if (state === undefined) throw new RangeError(`account "${account}" is not routed through this gateway`);
    return state;
  }

  private holdsAnything(account: string, symbols: ReadonlyArray<string> | undefined): boolean {
    const state = this.stateOf(account);
    const asked = (symbol: string): boolean => symbols === undefined || symbols.includes(symbol);
    if ([...this.entryOn].some(([symbol, on]) => on === account && asked(symbol))) return true;
    return state.positions.some((position) => asked(position.symbol) && !position.quantity.isZero()) || state.openOrders.some((order) => asked(order.symbol));
  }

  /** Asks the account; a failed account whose last known state holds nothing of ours for `symbols` answers from it. */
  private async readOrKnown<T>(account: string, symbols: ReadonlyArray<string> | undefined, read: (gateway: ExchangeGateway, state: KnownState) => Promise<T[]>, known: (state: KnownState) => T[]): Promise<T[]> {
    const state = this.stateOf(account);
    try {
      return await read(this.gatewayOf(account), state);
    } catch (error) {
      if (!this.deps.failed(account) || this.holdsAnything(account, symbols)) throw error;
      return known(state);
    }
  }

  private async mergeReads<T>(symbols: ReadonlyArray<string>, read: (gateway: ExchangeGateway) => Promise<T[]>): Promise<T[]> {
    const merged: T[] = [];
    for (const { account } of this.deps.accounts) merged.push(...(await this.readOrKnown(account, symbols, (gateway) => read(gateway), () => [])));
    return merged;
  }

  /** The first account that knows; an account that failed to answer makes "nobody knows" a failure, not an absence. */
  private async findOnAny<T>(ask: (gateway: ExchangeGateway) => Promise<T | undefined>, onFound?: (found: T, account: string) => void): Promise<T | undefined> {
    let failure: unknown;
    for (const { account, gateway } of this.deps.accounts) {
      try {
        const found = await ask(gateway);
        if (found !== undefined) {
          onFound?.(found, account);
          return found;
        }
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return undefined;
  }

  private async firstAnswer<T>(ask: (gateway: ExchangeGateway) => Promise<T>): Promise<T> {
    let failure: unknown;
    for (const { account, gateway } of this.deps.accounts) {
      try {
        return await ask(gateway);
      } catch (error) {
        failure ??= error;
        this.deps.logger.warn('routed_read_moved_on', { account, reason: (error as Error).message });
      }
    }
    throw failure;
  }

  /** A quote from the account orders of `symbol` would go to (prices differ between venues). */
  private onTarget<T>(symbol: string, ask: (gateway: ExchangeGateway) => Promise<T>): Promise<T> {
    const target = this.accountFor(symbol, false);
    return ask(this.gatewayOf('account' in target ? target.account : this.primary.account));
  }

  private refuseDivergence(symbol: string, account: string, candles: readonly VenueCandle[], known: ReadonlyMap<number, { close: number; account: string }>): void {
    const limitBps = this.deps.maxDivergenceBps;
    if (limitBps === undefined) return;
    for (const candle of candles) {
      const primary = known.get(candle.openTimeMs);
      if (primary === undefined || primary.account !== this.primary.account || primary.close <= 0) continue;
      const gapBps = (Math.abs(candle.close - primary.close) / primary.close) * 10_000;
      if (gapBps > limitBps) {
        throw new RetryableExchangeError(
          `${symbol} bars from ${account} differ from ${primary.account}'s by ${gapBps.toFixed(1)} bps at ${new Date(candle.openTimeMs).toISOString()} (close ${candle.close}, was ${primary.close}; limit ${limitBps} bps): no decision on a window mixing venues that disagree`,
        );
      }
    }
  }

  /** Entries placed and since seen flat with no working order there stop marking their account as holder. */
  private settleEntries(): void {
    for (const [symbol, account] of this.entryOn) {
      const state = this.stateOf(account);
      const open = state.positions.some((position) => position.symbol === symbol && !position.quantity.isZero()) || state.openOrders.some((order) => order.symbol === symbol && !order.reduceOnly);
      if (!open) this.entryOn.delete(symbol);
    }
  }

  private async prepareEverywhere(symbol: string): Promise<void> {
    for (const { account } of this.deps.accounts) {
      try {
        await this.prepare(account, symbol);
      } catch (error) {
        // A fallback that cannot be prepared now is prepared before its first entry.
        if (account === this.primary.account) throw error;
        this.deps.logger.warn('routed_account_not_prepared', { account, symbol, reason: (error as Error).message });
      }
    }
  }

  private async prepare(account: string, symbol: string): Promise<void> {
    const done = this.prepared.get(account) ?? new Set<string>();
    if (done.has(symbol)) return;
    const gateway = this.gatewayOf(account);
    await gateway.setIsolatedMargin(symbol);
    const leverage = this.leverageBySymbol.get(symbol);
    if (leverage !== undefined) await gateway.setLeverage(symbol, leverage);
    done.add(symbol);
    this.prepared.set(account, done);
  }
}
