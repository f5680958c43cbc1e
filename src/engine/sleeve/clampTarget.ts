/**
 * The target a sleeve acts on: the strategy's request clamped to [-1, 1], and a short asked where
 * shorts are not allowed (spot) turned into flat. NaN stays NaN (the strategy said nothing).
 */
export function clampTarget(requested: number, allowShort: boolean): number {
  const clamped = requested > 1 ? 1 : requested < -1 ? -1 : requested;
  return clamped < 0 && !allowShort ? 0 : clamped;
}
