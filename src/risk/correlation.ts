/**
 * Pearson correlation of the last `window` values of two series aligned on their last element;
 * NaN when fewer than `minSamples` overlap or either is constant. No allocation.
 */
export function trailingCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, window: number, minSamples: number): number {
  const n = Math.min(a.length, b.length, window);
  if (n < minSamples || n < 2) return Number.NaN;
  const offsetA = a.length - n;
  const offsetB = b.length - n;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < n; i++) {
    sumA += a[offsetA + i];
    sumB += b[offsetB + i];
  }
  const meanA = sumA / n;
  const meanB = sumB / n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let i = 0; i < n; i++) {
    const da = a[offsetA + i] - meanA;
    const db = b[offsetB + i] - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  if (varianceA <= 0 || varianceB <= 0) return Number.NaN;
  return covariance / Math.sqrt(varianceA * varianceB);
}
