/**
 * What differs between venues behind ccxt's unified API, as data (freqtrade's `_ft_has`), so one
 * gateway class serves them all without `if (venue === …)` branches.
 */
export interface VenueQuirks {
  /** ccxt exchange id. */
  readonly ccxtId: string;
  /** Whether ccxt's `reduceOnly` param is honoured on orders. */
  readonly supportsReduceOnly: boolean;
  /** ccxt order type for STOP_MARKET / TAKE_PROFIT_MARKET, and the params that carry their trigger prices. */
  readonly stopOrderType: string;
  readonly stopLossPriceParam: string;
  readonly takeProfitPriceParam: string;
  /** Param that makes ccxt query/cancel the venue's conditional (algo) order book instead of the regular one. */
  readonly conditionalQueryParam: string | undefined;
  /** Venue codes meaning "margin mode (or leverage) already set": success, not failure. */
  readonly marginModeAlreadySetCodes: ReadonlyArray<number>;
  /** Param name ccxt forwards as the client order id. */
  readonly clientOrderIdParam: string;
  /** Longest client order id the venue accepts, and whether it must be alphanumeric only (OKX). */
  readonly clientOrderIdMaxLength: number;
  readonly clientOrderIdAlphanumericOnly: boolean;
  /** Unified symbol of a USDT-margined perpetual from base and quote. */
  readonly perpetualSymbol: (base: string, quote: string) => string;
  /** The ccxt `urls.api` keys that carry REST traffic (rewritten by a baseUrl override). */
  readonly restUrlKeys: ReadonlyArray<string>;
  /** The ccxt `urls.api` keys of websocket streams. */
  readonly wsUrlKeys: ReadonlyArray<string>;
  /** Codes of "order does not exist", which right after a submit is NOT proof of "not placed". */
  readonly orderNotFoundCodes: ReadonlyArray<number>;
  /** Code meaning the client order id is a duplicate: the order exists. */
  readonly duplicateClientOrderIdCodes: ReadonlyArray<number>;
  /** Whether the venue serves its API-key restrictions (withdrawals, IP whitelist) over the API. */
  readonly reportsApiRestrictions: boolean;
  /** Params every order carries (OKX chooses the margin mode per order: `tdMode`, which ccxt defaults to cross). */
  readonly orderParams: Readonly<Record<string, unknown>>;
  /** Param that carries the client order id when an order is looked up or cancelled by it. */
  readonly clientOrderIdQueryParam: string;
  /** Extra params of a look-up by client order id (consumed by ccxt, not sent). */
  readonly orderLookupParams: Readonly<Record<string, unknown>>;
  /**
   * The venue's dead-man switch as a ccxt implicit method taking `{symbol: <venue market id>,
   * countdownTime: <ms>}` (0 disarms), or undefined where there is none Rampart can drive: the
   * gateway then reports the switch as absent and the runner runs without it (case 35).
   */
  readonly cancelAllCountdownMethod: string | undefined;
  /**
   * ccxt's implicit method for one symbol's best bid and ask with sizes (`{symbol: <market id>}`), or
   * undefined where the unified `fetchTicker` carries them (bid, ask, bidVolume, askVolume).
   */
  readonly bookTickerMethod: string | undefined;
}

const usdtPerpetual = (base: string, quote: string): string => `${base}/${quote}:${quote}`;

export const VENUE_QUIRKS: Readonly<Record<string, VenueQuirks>> = {
  binanceusdm: {
    ccxtId: 'binanceusdm',
    supportsReduceOnly: true,
    stopOrderType: 'market',
    stopLossPriceParam: 'stopLossPrice',
    takeProfitPriceParam: 'takeProfitPrice',
    // Since Dec 2025 conditional orders live under /fapi/v1/algoOrder (-4120); ccxt routes them with `trigger`.
    conditionalQueryParam: 'trigger',
    marginModeAlreadySetCodes: [-4046],
    clientOrderIdParam: 'clientOrderId',
    clientOrderIdMaxLength: 36,
    clientOrderIdAlphanumericOnly: false,
    perpetualSymbol: usdtPerpetual,
    restUrlKeys: ['fapiPublic', 'fapiPublicV2', 'fapiPublicV3', 'fapiPrivate', 'fapiPrivateV2', 'fapiPrivateV3', 'fapiData', 'public', 'private', 'sapi', 'sapiV2', 'sapiV3', 'sapiV4'],
    wsUrlKeys: ['ws'],
    orderNotFoundCodes: [-2013, -2011],
    duplicateClientOrderIdCodes: [-4116],
    reportsApiRestrictions: true,
    orderParams: {},
    // ccxt sends it as origClientOrderId.
    clientOrderIdQueryParam: 'clientOrderId',
    orderLookupParams: {},
    // POST /fapi/v1/countdownCancelAll (weight 10): the symbol's open regular orders are cancelled when
    // the countdown runs out; conditional orders live in the separate Algo Service (its own cancel-all,
    // DELETE /fapi/v1/algoOpenOrders) and are not named by it, so protective stops stay.
    cancelAllCountdownMethod: 'fapiPrivatePostCountdownCancelAll',
    // GET /fapi/v1/ticker/bookTicker (weight 2 with a symbol): ccxt's fetchTicker reads the 24hr
    // ticker, which carries no bid or ask on USDⓈ-M futures.
    bookTickerMethod: 'fapiPublicGetTickerBookTicker',
  },
  bybit: {
    ccxtId: 'bybit',
    supportsReduceOnly: true,
    stopOrderType: 'market',
    stopLossPriceParam: 'stopLossPrice',
    takeProfitPriceParam: 'takeProfitPrice',
    conditionalQueryParam: 'trigger',
    // 110026: cross/isolated margin mode is not modified; 110043: leverage not modified.
    marginModeAlreadySetCodes: [110026, 110043],
    clientOrderIdParam: 'clientOrderId',
    clientOrderIdMaxLength: 36,
    clientOrderIdAlphanumericOnly: false,
    perpetualSymbol: usdtPerpetual,
    restUrlKeys: ['spot', 'futures', 'v2', 'public', 'private'],
    wsUrlKeys: [],
    orderNotFoundCodes: [110001],
    duplicateClientOrderIdCodes: [10014, 110072],
    reportsApiRestrictions: false,
    orderParams: {},
    // ccxt bybit maps clientOrderId → orderLinkId on create and cancel, but forwards it as is on fetchOrder.
    clientOrderIdQueryParam: 'orderLinkId',
    // ccxt refuses fetchOrder on a unified account unless told the venue only keeps the last 500 orders.
    orderLookupParams: { acknowledged: true },
    // Bybit's "disconnect cancel all" (DCP) fires on a private websocket disconnect only and is set per
    // account, not a REST countdown: absent here.
    cancelAllCountdownMethod: undefined,
    bookTickerMethod: undefined,
  },
  okx: {
    ccxtId: 'okx',
    supportsReduceOnly: true,
    stopOrderType: 'market',
    stopLossPriceParam: 'stopLossPrice',
    takeProfitPriceParam: 'takeProfitPrice',
    conditionalQueryParam: 'trigger',
    marginModeAlreadySetCodes: [],
    clientOrderIdParam: 'clientOrderId',
    clientOrderIdMaxLength: 32,
    clientOrderIdAlphanumericOnly: true,
    perpetualSymbol: usdtPerpetual,
    restUrlKeys: ['rest'],
    wsUrlKeys: [],
    orderNotFoundCodes: [51603],
    duplicateClientOrderIdCodes: [51016],
    reportsApiRestrictions: false,
    orderParams: { tdMode: 'isolated' },
    // ccxt sends it as clOrdId (algoClOrdId for a conditional order).
    clientOrderIdQueryParam: 'clientOrderId',
    orderLookupParams: {},
    // OKX's cancel-all-after (10–120 s, every instrument of the account, in seconds) is not wired yet.
    cancelAllCountdownMethod: undefined,
    bookTickerMethod: undefined,
  },
};

/** The quirks of a venue, or an error naming the venues that are supported. */
export function quirksFor(venueId: string): VenueQuirks {
  const quirks = VENUE_QUIRKS[venueId];
  if (quirks === undefined) throw new RangeError(`venue must be one of ${Object.keys(VENUE_QUIRKS).join(', ')}, was "${venueId}"`);
  return quirks;
}

/** The venue's form of a client order id (OKX: alphanumeric, at most 32). */
export function venueClientOrderId(clientOrderId: string, quirks: VenueQuirks): string {
  const cleaned = quirks.clientOrderIdAlphanumericOnly ? clientOrderId.replace(/[^A-Za-z0-9]/g, '') : clientOrderId;
  return cleaned.slice(0, quirks.clientOrderIdMaxLength);
}
