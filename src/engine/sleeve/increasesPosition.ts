/**
 * Whether moving a position from `before` to `after` (signed, in any one unit: lots, target fraction)
 * adds exposure on the side of `after`: the move points the way `after` does and ends larger. A move
 * across zero that did not close first (its closing leg refused) is not counted as increasing unless
 * it ends larger. Only an increasing fill sets a new protective stop.
 */
export function increasesPosition(before: number, after: number): boolean {
  return Math.sign(after - before) === Math.sign(after) && Math.abs(after) > Math.abs(before);
}
