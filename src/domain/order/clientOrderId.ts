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
  /**
   * The trade store's instance id (8 of [0-9a-z]), carried in the id so that a runner recognises another
   * Rampart runner's orders at the venue. Absent (paper): the instance-less form.
   */
  readonly instanceId?: string;
}

/** Binance newClientOrderId: `^[\.A-Z\:/a-z0-9_-]{1,36}$`. */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const PREFIX = 'rp-';
/** Instance-less form: 33 base-36 characters carry 170 bits, and prefix + hash = 36. */
const HASH_CHARS = 33;
/** With an instance: `rp-` + 8 + `-` + 24 base-36 characters (124 bits: collisions stay out of reach) = 36. */
const INSTANCE_HASH_CHARS = 24;
const INSTANCE_ID = /^[0-9a-z]{8}$/;
const WITH_INSTANCE = /^rp-([0-9a-z]{8})-[0-9a-z]{24}$/;
const WITHOUT_INSTANCE = /^rp-[0-9a-z]{33}$/;

/**
 * The deterministic client order id of an order: `rp-` plus the store's instance id plus a base-36
 * SHA-256 of its identity (the instance included). Fields are length-prefixed so that no two different
 * inputs hash the same text.
 */
export function clientOrderId(input: ClientOrderIdInput): string {
  if (!Number.isFinite(input.timeMs)) throw new RangeError(`clientOrderId: timeMs must be finite, was ${input.timeMs}`);
  const { instanceId } = input;
  if (instanceId !== undefined && !INSTANCE_ID.test(instanceId)) throw new RangeError(`clientOrderId: instanceId must be 8 of [0-9a-z], was '${instanceId}'`);
  const parts = [input.account, input.sleeve, input.symbol, String(input.timeMs), String(input.sequence), ...(instanceId === undefined ? [] : [instanceId])];
  const text = parts.map((part) => `${part.length}:${part}`).join('|');
  const digest = createHash('sha256').update(text).digest('hex');
  const base36 = BigInt(`0x${digest}`).toString(36).padStart(HASH_CHARS, '0');
  return instanceId === undefined ? PREFIX + base36.slice(0, HASH_CHARS) : `${PREFIX}${instanceId}-${base36.slice(0, INSTANCE_HASH_CHARS)}`;
}

/**
 * Whose id this is: a Rampart id with the instance that made it, a Rampart id of the instance-less form
 * (paper, and stores from before instance ids: `instanceId` null), or undefined when it is no Rampart id.
 */
export function parseClientOrderId(id: string): { readonly instanceId: string | null } | undefined {
  const withInstance = WITH_INSTANCE.exec(id);
  if (withInstance !== null) return { instanceId: withInstance[1] as string };
  return WITHOUT_INSTANCE.test(id) ? { instanceId: null } : undefined;
}
