import type { DepthChange, DepthUpdateIds, SimDepth } from './venueDepth.ts';
import type { SimApiRestrictions, SimCandle, SimOrder, SimPosition, SimTrade, VenueFault, VenueSimSymbol } from './venueSimTypes.ts';

// The local venue as its users drive it, apart from startVenueSim.ts (which builds it) so that the
// pieces it builds from, such as the control route, can name it without importing their builder.

/** A fault still waiting at the venue; `remaining` counts the uses left of a fault with a count. */
export interface QueuedFault {
  fault: VenueFault;
  remaining?: number;
}

export interface VenueSimState {
  orders: SimOrder[];
  trades: SimTrade[];
  positions: SimPosition[];
  walletBalance: number;
  marginType: Record<string, 'ISOLATED' | 'CROSSED'>;
  leverage: Record<string, number>;
  dualSidePosition: boolean;
}

export interface VenueSimRequest {
  method: string;
  path: string;
  /** The raw query string, without '?' (signed requests include their signature). */
  query: string;
  timeMs: number;
  /** 0 when the request was never answered (an injected timeout). */
  status: number;
}

/** What reached the sim over websockets: a connection opened, or a client message (SUBSCRIBE…). */
export interface VenueSimWsEvent {
  kind: 'connect' | 'message';
  /** Path of the connection, e.g. /market/ws/0 or /private/ws. */
  path: string;
  timeMs: number;
  /** For messages: the method (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS) and its stream names. */
  method?: string;
  params?: string[];
}

export interface VenueSim {
  /** REST base, e.g. http://127.0.0.1:PORT (paths /fapi/v1/..., /fapi/v2/..., /fapi/v3/..., and /sapi/v1/account/apiRestrictions). */
  readonly url: string;
  /** ws://127.0.0.1:PORT/ws: user data at /ws/<listenKey>, market streams at /ws/<symbol>@kline_1m. */
  readonly wsUrl: string;
  setPrice(symbol: string, price: number): void;
  /** A funding time now: every open position pays position × price × `rate` (income history, wallet, ACCOUNT_UPDATE). */
  chargeFunding(rate: number): void;
  /**
   * Quotes the symbol with best ask minus best bid = `spread` (price units) around its price, on REST
   * `ticker/bookTicker` and the `<symbol>@bookTicker` stream; market orders still fill at the price.
   */
  setSpread(symbol: string, spread: number): void;
  /** The symbol's price at the venue now (what market orders fill at and stops trigger on). */
  price(symbol: string): number;
  pushCandle(symbol: string, candle: SimCandle): void;
  /** Moves every bar the venue serves for the symbol by deltaMs (the market clock re-phased by closeBar). */
  shiftCandles(symbol: string, deltaMs: number): void;
  /** Who closes the current bar now (the market clock, while it runs); undefined: nobody. */
  setBarCloser(closer: (() => void) | undefined): void;
  /** Closes the current bar of every symbol now (the `closeBar` control); throws when no market clock runs. */
  closeBar(): void;
  /**
   * Changes the symbol's order book (quantity 0 removes a level) and sends the change as one
   * `depthUpdate` event on its diff-depth streams, numbered U = previous u + 1, pu = previous u.
   */
  pushDepth(symbol: string, change: DepthChange): DepthUpdateIds;
  /** The symbol's order book as the venue holds it, best levels first (the REST snapshot serves the same). */
  depth(symbol: string, limit?: number): SimDepth;
  inject(fault: VenueFault): void;
  clearFaults(): void;
  /** Faults injected and not yet taken (the clock skew while it is not 0). */
  queuedFaults(): QueuedFault[];
  state(): VenueSimState;
  requests(): VenueSimRequest[];
  /** Connections and client messages seen on the websocket endpoints, in order. */
  wsEvents(): VenueSimWsEvent[];
  /** Changes the key's permissions as the venue reports them (fields not given keep their value). */
  setApiRestrictions(restrictions: Partial<SimApiRestrictions>): void;
  /** Stream names each open market connection is subscribed to. */
  marketSubscriptions(): string[][];
  /**
   * Makes X-MBX-USED-WEIGHT-1M report at least this weight (Binance counts per IP, so other clients'
   * usage shows up there too); undefined reports only this sim's own count again.
   */
  setReportedWeight(weight: number | undefined): void;
  /**
   * Changes a symbol's trading rules at the venue (what exchangeInfo serves and orders are checked
   * against from now on), as Binance does without notice: a client's cached filters go stale.
   */
  setSymbolFilters(symbol: string, filters: Partial<Pick<VenueSimSymbol, 'lotStep' | 'tickSize' | 'minQty' | 'minNotional'>>): void;
  dropWebsockets(): void;
  expireListenKeys(): void;
  close(): Promise<void>;
}
