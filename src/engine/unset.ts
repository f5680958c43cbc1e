/**
 * The "no value" of a number field on the engine's hot path (no order pending, not bust, no stop
 * resting): NaN, so the field holds a double from the start and never changes representation when it
 * is set (see HOT_PATH.md). Test it with isSet, never by comparing with UNSET (NaN equals nothing).
 */
export const UNSET = Number.NaN;

/**
 * Whether a hot-path number holds a value rather than UNSET. NaN is the one number not equal to
 * itself: a single float compare, inlined wherever this is called.
 */
export function isSet(value: number): boolean {
  return value === value;
}
