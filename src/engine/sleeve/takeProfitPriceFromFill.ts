/**
 * The take-profit level of a fill that opened or increased a position: `distance` away from the fill
 * price, above it for a long (`side` +1), below it for a short (−1). NaN without a positive distance.
 */
export function takeProfitPriceFromFill(fillPrice: number, side: number, distance: number): number {
  return distance > 0 ? fillPrice + side * distance : Number.NaN;
}
