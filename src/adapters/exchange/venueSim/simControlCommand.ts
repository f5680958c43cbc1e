import { z } from 'zod';
import type { SimApiRestrictions, VenueFault, VenueSimSymbol } from './venueSimTypes.ts';

/**
 * What the venue's control route (and `rampart venue-sim fault`) can do at run time: every fault of
 * the in-process API (`VenueFault`, queued or applied to the sockets open now) plus the venue
 * conditions the in-process API sets by method (dropped sockets, expired listen key, the key's
 * permissions, the reported request weight, changed symbol filters, a bar closed now).
 */
export type SimControlCommand =
  | VenueFault
  | { kind: 'dropWebsockets' }
  | { kind: 'expireListenKeys' }
  | ({ kind: 'apiRestrictions' } & Partial<Omit<SimApiRestrictions, 'createTime' | 'tradingAuthorityExpirationTime'>>)
  | { kind: 'reportedWeight'; weight: number }
  /**
   * Every symbol's current bar closes now (last close to the venue's price), as at a boundary: the
   * market clock then runs one bar length from now. A rehearsal acts on a bar that just closed.
   */
  | { kind: 'closeBar' }
  /** A market move: the symbol trades at this price from now (stops trigger, the next bar closes there). */
  | { kind: 'price'; symbol: string; price: number }
  /** A funding time now: every open position pays (or receives) position × price × rate (default 0.0001). */
  | { kind: 'funding'; rate?: number }
  /** The symbol's quoted spread (best ask minus best bid, price units) from now; 0 quotes bid = ask. */
  | { kind: 'spread'; symbol: string; spread: number }
  /** An order someone else places on the account (another bot, the web UI): its client order id is not ours. */
  | { kind: 'externalOrder'; symbol: string; side: 'BUY' | 'SELL'; quantity: number; type?: 'MARKET' | 'LIMIT'; price?: number; clientOrderId?: string }
  /** The account's settings changed behind Rampart's back: margin type, leverage, position mode. */
  | { kind: 'accountSettings'; symbol?: string; marginType?: 'ISOLATED' | 'CROSSED'; leverage?: number; dualSidePosition?: boolean }
  | ({ kind: 'symbolFilters'; symbol: string } & Partial<Pick<VenueSimSymbol, 'lotStep' | 'tickSize' | 'minQty' | 'minNotional'>>);

export type SimControlKind = SimControlCommand['kind'];

const path = z.string().regex(/^((GET|POST|PUT|DELETE) )?\/[\w/.-]*$/, 'a pathname (/fapi/v1/order) or "METHOD /pathname"').optional();
const count = z.number().int().min(1).max(1_000_000).optional();
const ms = z.number().int().min(0).max(86_400_000);
const level = z.tuple([z.number().positive(), z.number().min(0)]);
const positive = z.number().positive().optional();

// Keyed by every kind: a kind added to VenueFault does not typecheck until it has a schema here.
const SCHEMAS: { [K in SimControlKind]: z.ZodType<Extract<SimControlCommand, { kind: K }>> } = {
  latency: z.object({ kind: z.literal('latency'), ms, path, count }).strict(),
  http5xxAfterAccept: z.object({ kind: z.literal('http5xxAfterAccept'), status: z.literal(503).optional(), path, count }).strict(),
  http5xx: z.object({ kind: z.literal('http5xx'), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(), path, count }).strict(),
  timeoutAfterAccept: z.object({ kind: z.literal('timeoutAfterAccept'), path, count }).strict(),
  timeout: z.object({ kind: z.literal('timeout'), path, count }).strict(),
  rateLimit: z
    .object({ kind: z.literal('rateLimit'), status: z.union([z.literal(429), z.literal(418)]), retryAfterSeconds: z.number().int().min(0).max(259_200), path, count })
    .strict(),
  binanceError: z
    .object({ kind: z.literal('binanceError'), code: z.number().int().max(-1), msg: z.string().max(200).optional(), httpStatus: z.number().int().min(400).max(599).optional(), path, count })
    .strict(),
  orderNotFoundFor: z.object({ kind: z.literal('orderNotFoundFor'), ms }).strict(),
  partialFill: z.object({ kind: z.literal('partialFill'), fraction: z.number().gt(0).lt(1), thenCancel: z.boolean().optional() }).strict(),
  clockSkewMs: z.object({ kind: z.literal('clockSkewMs'), ms: z.number().int().min(-86_400_000).max(86_400_000) }).strict(),
  userEventsReversed: z.object({ kind: z.literal('userEventsReversed'), path, count }).strict(),
  stopPongs: z.object({ kind: z.literal('stopPongs') }).strict(),
  silentFeed: z.object({ kind: z.literal('silentFeed') }).strict(),
  depthGap: z
    .object({
      kind: z.literal('depthGap'),
      symbol: z.string().min(1).optional(),
      skippedUpdates: z.number().int().min(1).optional(),
      missed: z.object({ bids: z.array(level).optional(), asks: z.array(level).optional() }).strict().optional(),
    })
    .strict(),
  dropWebsockets: z.object({ kind: z.literal('dropWebsockets') }).strict(),
  expireListenKeys: z.object({ kind: z.literal('expireListenKeys') }).strict(),
  apiRestrictions: z
    .object({
      kind: z.literal('apiRestrictions'),
      ipRestrict: z.boolean().optional(),
      enableReading: z.boolean().optional(),
      enableFutures: z.boolean().optional(),
      enableWithdrawals: z.boolean().optional(),
      enableInternalTransfer: z.boolean().optional(),
      permitsUniversalTransfer: z.boolean().optional(),
      enableVanillaOptions: z.boolean().optional(),
      enableMargin: z.boolean().optional(),
      enableSpotAndMarginTrading: z.boolean().optional(),
    })
    .strict(),
  reportedWeight: z.object({ kind: z.literal('reportedWeight'), weight: z.number().int().min(0).max(1_000_000) }).strict(),
  closeBar: z.object({ kind: z.literal('closeBar') }).strict(),
  price: z.object({ kind: z.literal('price'), symbol: z.string().min(1), price: z.number().positive() }).strict(),
  funding: z.object({ kind: z.literal('funding'), rate: z.number().min(-0.03).max(0.03).optional() }).strict(),
  spread: z.object({ kind: z.literal('spread'), symbol: z.string().min(1), spread: z.number().min(0).finite() }).strict(),
  externalOrder: z
    .object({
      kind: z.literal('externalOrder'),
      symbol: z.string().min(1),
      side: z.enum(['BUY', 'SELL']),
      quantity: z.number().positive(),
      type: z.enum(['MARKET', 'LIMIT']).optional(),
      price: z.number().positive().optional(),
      clientOrderId: z.string().regex(/^[.A-Z:/a-z0-9_-]{1,36}$/).optional(),
    })
    .strict()
    .refine((order) => (order.type === 'LIMIT') === (order.price !== undefined), { message: 'a LIMIT order needs --price, a MARKET order takes none' }),
  accountSettings: z
    .object({
      kind: z.literal('accountSettings'),
      symbol: z.string().min(1).optional(),
      marginType: z.enum(['ISOLATED', 'CROSSED']).optional(),
      leverage: z.number().int().min(1).max(125).optional(),
      dualSidePosition: z.boolean().optional(),
    })
    .strict()
    .refine((settings) => (settings.marginType === undefined && settings.leverage === undefined) || settings.symbol !== undefined, { message: 'margin type and leverage are per symbol: give --symbol' }),
  symbolFilters: z
    .object({ kind: z.literal('symbolFilters'), symbol: z.string().min(1), lotStep: positive, tickSize: positive, minQty: positive, minNotional: positive })
    .strict(),
};

/** Every kind the control route accepts, in a stable order. */
export const SIM_CONTROL_KINDS: readonly SimControlKind[] = Object.keys(SCHEMAS) as SimControlKind[];

export function isSimControlKind(kind: string): kind is SimControlKind {
  return Object.hasOwn(SCHEMAS, kind);
}

export type ParsedControlCommand = { ok: true; command: SimControlCommand } | { ok: false; problems: string[] };

/** Validates one command; problems name the field and what was found (`kind must be one of …`). */
export function parseSimControlCommand(input: unknown): ParsedControlCommand {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !isSimControlKind(kind)) {
    return { ok: false, problems: [`kind must be one of ${SIM_CONTROL_KINDS.join(', ')}, was ${JSON.stringify(kind ?? null)}`] };
  }
  const parsed = SCHEMAS[kind].safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${kind}: ${issue.path.length > 0 ? issue.path.join('.') : '(fault)'}: ${issue.message}`) };
}
