import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { FaultQueue } from './faultQueue.ts';
import { DEFAULT_MAX_REQUEST_BODY_BYTES, readRequestBody } from './readRequestBody.ts';
import { createSimControl } from './simControl.ts';
import { createSimControlRoute, isSimControlRequest, type SimControlHandler } from './simControlRoute.ts';
import { VenueBook, type PlaceOrderRequest } from './venueBook.ts';
import { bookTickerEvent } from './venueBookTicker.ts';
import { depthUpdateEvent, depthWeight, isDepthStreamOf, VenueDepth } from './venueDepth.ts';
import { accountUpdateEvent, algoUpdateEvent, decimalString, orderTradeUpdateEvent } from './venueJson.ts';
import { intervalToMs, listenKeyRoutes, publicRoutes, signedRoutes, type ListenKeys, type Params, type RouteContext } from './venueRoutes.ts';
import {
  VenueRejection,
  type DepthGapFault,
  type SimApiRestrictions,
  type SimCandle,
  type VenueSimSymbol,
} from './venueSimTypes.ts';
import { acceptWebSocket, rejectUpgrade, type WebSocketConnection } from './webSocketServer.ts';
import type { QueuedFault, VenueSim, VenueSimRequest, VenueSimWsEvent } from './venueSim.ts';

export type { SimApiRestrictions, SimCandle, SimOrder, SimPosition, SimTrade, StreamFault, VenueFault, VenueSimSymbol } from './venueSimTypes.ts';
export type { DepthChange, DepthLevel, DepthUpdateIds, SimDepth } from './venueDepth.ts';
export type { QueuedFault, VenueSim, VenueSimRequest, VenueSimState, VenueSimWsEvent } from './venueSim.ts';

export interface VenueSimOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  apiKey: string;
  apiSecret: string;
  symbols: VenueSimSymbol[];
  /** USDT, default 10000. */
  walletBalance?: number;
  /** Server clock, default Date.now. */
  nowMs?: () => number;
  /** Permissions of the key (`/sapi/v1/account/apiRestrictions`), over a well-set trading key's. */
  apiRestrictions?: Partial<SimApiRestrictions>;
  /** Largest request body read, bytes (default 1 MiB); a larger one is refused with 413 before any check. */
  maxRequestBodyBytes?: number;
  /** Largest websocket message read from a client, bytes (default 1 MiB); a larger one closes the socket (1009). */
  maxWebSocketMessageBytes?: number;
  /**
   * Opens the run-time fault route (`/_sim/faults`, see simControlRoute.ts) to callers that present
   * this token; without a token the route does not exist.
   */
  controlToken?: string;
}

const DEFAULT_RECV_WINDOW_MS = 5000;
const MAX_RECV_WINDOW_MS = 60000;
const LISTEN_KEY_VALIDITY_MS = 60 * 60_000;
const HEAVY_WEIGHTS: Record<string, number> = {
  'GET /fapi/v1/exchangeInfo': 1,
  'GET /fapi/v2/account': 5,
  'GET /fapi/v3/account': 5,
  'GET /fapi/v2/positionRisk': 5,
  'GET /fapi/v3/positionRisk': 5,
  'GET /fapi/v1/allOrders': 5,
  'GET /fapi/v1/userTrades': 5,
  'GET /fapi/v1/klines': 5,
  'POST /fapi/v1/countdownCancelAll': 10,
};

type StreamClient =
  | { kind: 'user'; connection: WebSocketConnection; listenKey: string }
  | { kind: 'market'; connection: WebSocketConnection; streams: Set<string>; combined: boolean; silent: boolean };

/**
 * A local Binance USDT-M futures venue for tests and go-live rehearsals: the REST and websocket
 * subset ccxt's `binanceusdm` uses, HMAC-checked, matching against a price path you drive, with
 * faults injected on demand.
 */
export async function startVenueSim(options: VenueSimOptions): Promise<VenueSim> {
  const nowMs = options.nowMs ?? Date.now;
  const faults = new FaultQueue();
  const serverTimeMs = (): number => nowMs() + faults.clockSkewMs;
  const streamClients = new Set<StreamClient>();
  const log: VenueSimRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const candles = new Map<string, SimCandle[]>();
  let barCloser: (() => void) | undefined;
  const countdowns = new Map<string, NodeJS.Timeout>();
  let weightMinute = 0;
  let usedWeight = 0;
  let reportedWeightFloor: number | undefined;
  const wsLog: VenueSimWsEvent[] = [];
  let generatedIds = 0;
  const depths = new Map<string, VenueDepth>();
  const spreads = new Map<string, number>();
  let bookTickerUpdates = 1;
  let depthGaps: DepthGapFault[] = [];
  let apiRestrictions: SimApiRestrictions = { ...wellSetTradingKey(nowMs()), ...options.apiRestrictions };

  /** User events held back while a `userEventsReversed` request runs, sent reversed after it. */
  let heldUserEvents: string[] | undefined;
  const broadcastUser = (text: string): void => {
    for (const client of streamClients) {
      if (client.kind === 'user') client.connection.sendText(text);
    }
  };
  const sendUser = (event: unknown): void => {
    const text = JSON.stringify(event);
    if (heldUserEvents !== undefined) heldUserEvents.push(text);
    else broadcastUser(text);
  };
  // Copies: setSymbolFilters changes this venue's rules, never the caller's fixtures.
  const book = new VenueBook(new Map(options.symbols.map((s) => [s.symbol, { ...s }])), options.walletBalance ?? 10000, serverTimeMs, {
    onOrderUpdate: (order, trade) =>
      sendUser(order.isAlgo ? algoUpdateEvent(order, serverTimeMs()) : orderTradeUpdateEvent(order, trade, serverTimeMs())),
    onAccountUpdate: (reason, symbol) => sendUser(accountUpdateEvent(book, reason, symbol, serverTimeMs())),
  });

  const depthOf = (symbol: string): VenueDepth => {
    const instrument = book.instrument(symbol);
    let depth = depths.get(instrument.symbol);
    if (depth === undefined) {
      depth = new VenueDepth(instrument);
      depths.set(instrument.symbol, depth);
    }
    return depth;
  };

  const listenKeys: ListenKeys & { expiresAtMs: number } = {
    active: undefined,
    expiresAtMs: 0,
    create() {
      this.active = randomBytes(32).toString('hex');
      this.expiresAtMs = nowMs() + LISTEN_KEY_VALIDITY_MS;
      return this.active;
    },
    keepAlive(key) {
      if (key === undefined || key !== this.active || nowMs() > this.expiresAtMs) return false;
      this.expiresAtMs = nowMs() + LISTEN_KEY_VALIDITY_MS;
      return true;
    },
    remove(key) {
      if (key !== undefined && key === this.active) this.active = undefined;
    },
  };

  const ctx: RouteContext = {
    book,
    faults,
    candles,
    serverTimeMs,
    listenKeys,
    countdowns,
    depthOf,
    nextClientOrderId: () => `sim-${++generatedIds}`,
    apiRestrictions: () => apiRestrictions,
    spreadOf: (symbol) => spreads.get(symbol) ?? 0,
    bookTickerUpdateId: () => bookTickerUpdates,
  };
  /** The symbol's quote on its book-ticker streams, after a price or spread change. */
  const pushBookTicker = (symbol: string): void => {
    bookTickerUpdates += 1;
    const stream = `${symbol.toLowerCase()}@bookTicker`;
    const event = bookTickerEvent(symbol, book.prices.get(symbol) ?? 0, spreads.get(symbol) ?? 0, serverTimeMs(), bookTickerUpdates);
    for (const client of streamClients) {
      if (client.kind === 'market' && !client.silent && client.streams.has(stream)) client.connection.sendText(JSON.stringify(client.combined ? { stream, data: event } : event));
    }
  };

  const respond = (res: ServerResponse, entry: VenueSimRequest, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    entry.status = status;
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-MBX-USED-WEIGHT-1M': String(Math.max(usedWeight, reportedWeightFloor ?? 0)), ...headers });
    res.end(JSON.stringify(body));
  };
  const hang = (res: ServerResponse, entry: VenueSimRequest): void => {
    entry.status = 0;
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const parsed = new URL(req.url ?? '/', 'http://venue.local');
    const pathname = parsed.pathname;
    const route = `${method} ${pathname}`;
    const entry: VenueSimRequest = { method, path: pathname, query: parsed.search.slice(1), timeMs: nowMs(), status: 0 };
    log.push(entry);
    const minute = Math.floor(serverTimeMs() / 60_000);
    if (minute !== weightMinute) {
      weightMinute = minute;
      usedWeight = 0;
    }
    usedWeight += route === 'GET /fapi/v1/depth' ? depthWeight(parsed.searchParams.get('limit')) : (HEAVY_WEIGHTS[route] ?? 1);

    const latency = faults.take(['latency'], method, pathname);
    if (latency !== undefined) await new Promise((resolve) => setTimeout(resolve, latency.ms));
    if (faults.take(['timeout'], method, pathname) !== undefined) return hang(res, entry);
    const limited = faults.take(['rateLimit'], method, pathname);
    if (limited !== undefined) {
      const msg = limited.status === 418 ? 'Way too many requests; IP banned.' : 'Too many requests; current limit of IP is 2400 requests per minute.';
      return respond(res, entry, limited.status, { code: -1003, msg }, { 'Retry-After': String(limited.retryAfterSeconds) });
    }
    const unavailable = faults.take(['http5xx'], method, pathname);
    if (unavailable !== undefined) {
      // Refused before the venue acted: nothing changed on the book.
      return respond(res, entry, unavailable.status ?? 503, { msg: 'Service Unavailable.' });
    }

    const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
    const params: Params = Object.fromEntries([...new URLSearchParams(rawQuery), ...new URLSearchParams(body)]);
    try {
      const publicHandler = publicRoutes[route];
      if (publicHandler !== undefined) return respond(res, entry, 200, publicHandler(params, ctx));
      const listenKeyHandler = listenKeyRoutes[route];
      const signedHandler = signedRoutes[route];
      if (listenKeyHandler === undefined && signedHandler === undefined) {
        return respond(res, entry, 404, { code: -5000, msg: `Path ${pathname}, Method ${method} is invalid` });
      }
      if (req.headers['x-mbx-apikey'] !== options.apiKey) {
        throw new VenueRejection(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
      }
      if (listenKeyHandler !== undefined) return respond(res, entry, 200, listenKeyHandler(params, ctx));
      checkSignature(rawQuery, body, options.apiSecret);
      checkTimestamp(params, serverTimeMs());
      const injected = faults.take(['binanceError'], method, pathname);
      if (injected !== undefined) {
        throw new VenueRejection(injected.code, injected.msg ?? `Injected error ${injected.code}.`, injected.httpStatus ?? 400);
      }
      const reversed = faults.take(['userEventsReversed'], method, pathname);
      if (reversed !== undefined) heldUserEvents = [];
      let result: unknown;
      try {
        result = (signedHandler as (p: Params, c: RouteContext) => unknown)(params, ctx);
      } finally {
        const held = heldUserEvents ?? [];
        heldUserEvents = undefined;
        for (const text of held.reverse()) broadcastUser(text);
      }
      // The venue has acted; the faults below only spoil the answer, as a gateway failure would.
      const fiveHundred = faults.take(['http5xxAfterAccept'], method, pathname);
      if (fiveHundred !== undefined) {
        // Binance's gateway answers without an error code here: the execution status is unknown.
        return respond(res, entry, fiveHundred.status ?? 503, { msg: 'Unknown error, please check your request or try again later.' });
      }
      if (faults.take(['timeoutAfterAccept'], method, pathname) !== undefined) return hang(res, entry);
      return respond(res, entry, 200, result);
    } catch (error) {
      if (error instanceof VenueRejection) return respond(res, entry, error.httpStatus, { code: error.code, msg: error.binanceMessage });
      return respond(res, entry, 500, { code: -1000, msg: `An unknown error occurred while processing the request: ${String(error)}` });
    }
  };

  let control: SimControlHandler | undefined;
  const initialApiRestrictions = { ...apiRestrictions };
  const server = createServer((req, res) => {
    const refused = (): void => {
      log.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://venue.local').pathname, query: '', timeMs: nowMs(), status: 413 });
    };
    readRequestBody(req, res, options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES, (body) => {
      if (control !== undefined && isSimControlRequest(req.url)) {
        control(req, res, body);
        return;
      }
      void handle(req, res, body);
    }, refused);
  });
  const webSocketLimits = { maxMessageBytes: options.maxWebSocketMessageBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const parsed = new URL(req.url ?? '/', 'http://venue.local');
    wsLog.push({ kind: 'connect', path: parsed.pathname, timeMs: nowMs() });
    const segments = parsed.pathname.split('/').filter((s) => s.length > 0);
    const queryKey = parsed.searchParams.get('listenKey') ?? undefined;
    const lastSegment = segments.at(-1);
    const userKey = queryKey ?? (lastSegment !== undefined && lastSegment === listenKeys.active ? lastSegment : undefined);
    if (userKey !== undefined) {
      if (userKey !== listenKeys.active || nowMs() > listenKeys.expiresAtMs) return rejectUpgrade(socket, 400, 'Bad Request');
      const connection = acceptWebSocket(req, socket, webSocketLimits);
      if (connection === undefined) return;
      const client: StreamClient = { kind: 'user', connection, listenKey: userKey };
      streamClients.add(client);
      connection.onClose = () => streamClients.delete(client);
      return;
    }
    // Market streams: /ws/<a>/<b>, /stream?streams=a/b, or a bare /ws, /market/ws/<n>, /public/ws plus SUBSCRIBE.
    const combined = segments[0] === 'stream';
    const named = combined ? (parsed.searchParams.get('streams') ?? '').split('/') : segments.filter((s) => s.includes('@'));
    const connection = acceptWebSocket(req, socket, webSocketLimits);
    if (connection === undefined) return;
    const client: StreamClient = { kind: 'market', connection, streams: new Set(named.filter((s) => s.length > 0)), combined, silent: false };
    streamClients.add(client);
    connection.onClose = () => streamClients.delete(client);
    connection.onText = (text) => {
      let message: { method?: string; params?: string[]; id?: number | string };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        connection.sendText(JSON.stringify({ code: 2, msg: 'Invalid JSON', id: null }));
        return;
      }
      const streams = message.params ?? [];
      wsLog.push({ kind: 'message', path: parsed.pathname, timeMs: nowMs(), ...(message.method === undefined ? {} : { method: message.method }), params: [...streams] });
      if (client.silent) return;
      if (message.method === 'SUBSCRIBE') for (const s of streams) client.streams.add(s);
      if (message.method === 'UNSUBSCRIBE') for (const s of streams) client.streams.delete(s);
      const result = message.method === 'LIST_SUBSCRIPTIONS' ? [...client.streams] : null;
      connection.sendText(JSON.stringify({ result, id: message.id ?? null }));
    };
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const sim: VenueSim = {
    url: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}/ws`,
    setPrice(symbol, price) {
      book.setPrice(symbol, price);
      pushBookTicker(book.instrument(symbol).symbol);
    },
    chargeFunding(rate) {
      if (!Number.isFinite(rate)) throw new RangeError(`funding rate must be a finite fraction (0.0001 = 1 bp), was ${rate}`);
      book.chargeFunding(rate);
    },
    setSpread(symbol, spread) {
      if (!(spread >= 0) || !Number.isFinite(spread)) throw new RangeError(`spread must be a finite price difference ≥ 0, was ${spread}`);
      const name = book.instrument(symbol).symbol;
      spreads.set(name, spread);
      pushBookTicker(name);
    },
    price(symbol) {
      return book.prices.get(book.instrument(symbol).symbol) ?? 0;
    },
    shiftCandles(symbol, deltaMs) {
      const series = candles.get(book.instrument(symbol).symbol) ?? [];
      for (const candle of series) candle.openTimeMs += deltaMs;
    },
    setBarCloser(closer) {
      barCloser = closer;
    },
    closeBar() {
      if (barCloser === undefined) throw new RangeError('closeBar needs the venue\'s market clock (`rampart venue-sim` runs one); this venue has none');
      barCloser();
    },
    pushCandle(symbol, candle) {
      book.instrument(symbol);
      const series = candles.get(symbol) ?? [];
      const last = series.at(-1);
      if (last !== undefined && last.openTimeMs === candle.openTimeMs) series[series.length - 1] = { ...candle };
      else series.push({ ...candle });
      candles.set(symbol, series);
      const streamPrefix = `${symbol.toLowerCase()}@kline_`;
      for (const client of streamClients) {
        if (client.kind !== 'market' || client.silent) continue;
        for (const stream of client.streams) {
          if (!stream.startsWith(streamPrefix)) continue;
          const interval = stream.slice(streamPrefix.length);
          const event = klineEvent(symbol, interval, candle, serverTimeMs());
          client.connection.sendText(JSON.stringify(client.combined ? { stream, data: event } : event));
        }
      }
    },
    pushDepth(symbol, change) {
      const depth = depthOf(symbol);
      const name = book.instrument(symbol).symbol;
      const gapIndex = depthGaps.findIndex((gap) => gap.symbol === undefined || gap.symbol === name);
      const gap = gapIndex < 0 ? undefined : depthGaps.splice(gapIndex, 1)[0];
      const update = depth.update(change, gap);
      const event = depthUpdateEvent(name, update, serverTimeMs());
      for (const client of streamClients) {
        if (client.kind !== 'market' || client.silent) continue;
        for (const stream of client.streams) {
          if (isDepthStreamOf(stream, name)) client.connection.sendText(JSON.stringify(client.combined ? { stream, data: event } : event));
        }
      }
      return { U: update.U, u: update.u, pu: update.pu };
    },
    depth(symbol, limit) {
      return depthOf(symbol).book(limit);
    },
    inject(fault) {
      if (fault.kind === 'depthGap') {
        depthGaps.push(fault);
        return;
      }
      if (fault.kind === 'stopPongs' || fault.kind === 'silentFeed') {
        for (const client of streamClients) {
          client.connection.answerPings = false;
          if (fault.kind === 'silentFeed' && client.kind === 'market') client.silent = true;
        }
        return;
      }
      faults.add(fault);
    },
    queuedFaults() {
      const skew: QueuedFault[] = faults.clockSkewMs === 0 ? [] : [{ fault: { kind: 'clockSkewMs', ms: faults.clockSkewMs } }];
      return [...faults.list(), ...depthGaps.map((gap) => ({ fault: structuredClone(gap) })), ...skew];
    },
    clearFaults() {
      faults.clear();
      depthGaps = [];
      for (const client of streamClients) {
        client.connection.answerPings = true;
        if (client.kind === 'market') client.silent = false;
      }
    },
    state() {
      return {
        orders: book.orders.map((o) => ({ ...o })),
        trades: book.trades.map((t) => ({ ...t })),
        positions: [...book.symbols.keys()].map((s) => ({ ...book.position(s) })).filter((p) => p.positionAmt !== 0),
        walletBalance: book.walletBalance,
        marginType: { ...book.marginType },
        leverage: { ...book.leverage },
        dualSidePosition: book.dualSidePosition,
      };
    },
    requests() {
      return log.map((r) => ({ ...r }));
    },
    wsEvents() {
      return wsLog.map((e) => ({ ...e, ...(e.params === undefined ? {} : { params: [...e.params] }) }));
    },
    setApiRestrictions(restrictions) {
      apiRestrictions = { ...apiRestrictions, ...restrictions };
    },
    marketSubscriptions() {
      return [...streamClients].flatMap((client) => (client.kind === 'market' && client.connection.isOpen ? [[...client.streams]] : []));
    },
    setReportedWeight(weight) {
      reportedWeightFloor = weight;
    },
    setSymbolFilters(symbol, filters) {
      Object.assign(book.instrument(symbol), filters);
    },
    dropWebsockets() {
      for (const client of [...streamClients]) client.connection.drop();
      streamClients.clear();
    },
    expireListenKeys() {
      const expired = listenKeys.active;
      listenKeys.active = undefined;
      for (const client of [...streamClients]) {
        if (client.kind !== 'user') continue;
        client.connection.sendText(JSON.stringify({ e: 'listenKeyExpired', E: serverTimeMs(), listenKey: expired ?? client.listenKey }));
        client.connection.close(1000);
      }
    },
    async close() {
      for (const timer of countdowns.values()) clearTimeout(timer);
      countdowns.clear();
      for (const client of [...streamClients]) client.connection.drop();
      streamClients.clear();
      for (const res of hanging) res.destroy();
      hanging.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  if (options.controlToken !== undefined) {
    const account = {
      placeOrder: (request: PlaceOrderRequest) => book.placeOrder(request, {}),
      setMarginType: (symbol: string, marginType: 'ISOLATED' | 'CROSSED') => book.setMarginType(symbol, marginType),
      setLeverage: (symbol: string, leverage: number) => book.setLeverage(symbol, leverage),
      setDualSidePosition: (dual: boolean) => book.setDualSidePosition(dual),
    };
    control = createSimControlRoute(options.controlToken, createSimControl(sim, account, { apiRestrictions: initialApiRestrictions, symbols: options.symbols }), nowMs);
  }
  return sim;
}

/** What a trading bot's key should look like (RELIABILITY.md §3): futures and reading only, IP-restricted. */
function wellSetTradingKey(createTimeMs: number): SimApiRestrictions {
  return {
    ipRestrict: true,
    createTime: createTimeMs,
    enableReading: true,
    enableFutures: true,
    enableWithdrawals: false,
    enableInternalTransfer: false,
    permitsUniversalTransfer: false,
    enableVanillaOptions: false,
    enableMargin: false,
    enableSpotAndMarginTrading: false,
  };
}

function checkSignature(rawQuery: string, body: string, secret: string): void {
  // Binance signs the query string and the body, concatenated, without the signature itself.
  const total = rawQuery.length > 0 && body.length > 0 ? `${rawQuery}${body}` : rawQuery + body;
  const match = /(^|&)signature=([0-9a-fA-F]+)$/.exec(total);
  if (match === null) throw new VenueRejection(-1022, 'Signature for this request is not valid.');
  const payload = total.slice(0, match.index);
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(match[2] as string, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new VenueRejection(-1022, 'Signature for this request is not valid.');
  }
}

function checkTimestamp(params: Params, serverTimeMs: number): void {
  const timestamp = Number(params.timestamp);
  if (params.timestamp === undefined || !Number.isFinite(timestamp)) {
    throw new VenueRejection(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
  const recvWindowMs = params.recvWindow === undefined ? DEFAULT_RECV_WINDOW_MS : Number(params.recvWindow);
  if (!(recvWindowMs > 0 && recvWindowMs <= MAX_RECV_WINDOW_MS)) {
    throw new VenueRejection(-1131, 'recvWindow must be less than 60000');
  }
  if (timestamp >= serverTimeMs + 1000 || serverTimeMs - timestamp > recvWindowMs) {
    throw new VenueRejection(-1021, "Timestamp for this request is outside of the recvWindow.");
  }
}

function klineEvent(symbol: string, interval: string, candle: SimCandle, eventTimeMs: number): unknown {
  const intervalMs = intervalToMs(interval);
  return {
    e: 'kline',
    E: eventTimeMs,
    s: symbol,
    k: {
      t: candle.openTimeMs,
      T: candle.openTimeMs + intervalMs - 1,
      s: symbol,
      i: interval,
      f: 0,
      L: 0,
      o: decimalString(candle.open),
      c: decimalString(candle.close),
      h: decimalString(candle.high),
      l: decimalString(candle.low),
      v: decimalString(candle.volume),
      n: 1,
      x: candle.closed,
      q: decimalString(candle.volume * candle.close),
      V: '0',
      Q: '0',
      B: '0',
    },
  };
}
