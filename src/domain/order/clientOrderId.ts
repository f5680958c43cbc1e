import { createHash } from 'node:crypto';

/** What makes an order unique: the same inputs always give the same id (idempotent resends, restarts). */
export interface ClientOrderIdInput {
  readonly account: string;
  readonly sleeve: string;
  readonly symbol: string;
  /** When the order was decided or placed, epoch ms. */
  readonly timeMs: number;
  /** Distinguishes orders of one sleeve at one time (a reversal is a close then an entry). */
  readonly sequence: number | string;
}

/** Binance newClientOrderId: `^[\.A-Z\:/a-z0-9_-]{1,36}$`. */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const PREFIX = 'rp-';
/** 33 base-36 characters carry 170 bits: collisions are out of reach, and prefix + hash = 36. */
const HASH_CHARS = 33;

/**
 * The deterministic client order id of an order: `rp-` plus a base-36 SHA-256 of its identity.
 * Fields are length-prefixed so that no two different inputs hash the same text.
 */
export function clientOrderId(input: ClientOrderIdInput): string {
  if (!Number.isFinite(input.timeMs)) throw new RangeError(`clientOrderId: timeMs must be finite, was ${input.timeMs}`);
  const parts = [input.account, input.sleeve, input.symbol, String(input.timeMs), String(input.sequence)];
  const text = parts.map((part) => `${part.length}:${part}`).join('|');
  const digest = createHash('sha256').update(text).digest('hex');
  const base36 = BigInt(`0x${digest}`).toString(36).padStart(HASH_CHARS, '0');
  return PREFIX + base36.slice(0, HASH_CHARS);
}
