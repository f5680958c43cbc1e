/**
 * The protective stop of a fill that increased a position: `stopDistance` away from the fill price,
 * below it for a long (`side` +1), above it for a short (−1). NaN when the signal carries no positive
 * distance (no stop).
 */
export function stopPriceFromFill(fillPrice: number, side: number, stopDistance: number): number {
  return stopDistance > 0 ? fillPrice - side * stopDistance : Number.NaN;
}
