export interface XYSeries {
  xs: number[];
  ys: number[];
}

/**
 * Thins a series sorted by x to at most `maxPoints` points by keeping, for each of
 * `(maxPoints - 2) / 2` equal-width x buckets (one per pixel column or so), the lowest and the
 * highest point in x order, plus the first and last points. Averaging would flatten a one-bar
 * drawdown spike; min/max keeps every extreme visible. Points with a non-finite x or y are dropped.
 */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints = 2000): XYSeries {
  const length = Math.min(xs.length, ys.length);
  const finiteIndices: number[] = [];
  for (let index = 0; index < length; index++) {
    if (Number.isFinite(xs[index]) && Number.isFinite(ys[index])) finiteIndices.push(index);
  }
  const pick = (indices: number[]): XYSeries => ({ xs: indices.map((i) => xs[i]), ys: indices.map((i) => ys[i]) });
  const pointLimit = Math.max(4, Math.floor(maxPoints));
  if (finiteIndices.length <= pointLimit) return pick(finiteIndices);

  const bucketCount = Math.floor((pointLimit - 2) / 2);
  const firstIndex = finiteIndices[0];
  const lastIndex = finiteIndices[finiteIndices.length - 1];
  const xStart = xs[firstIndex];
  const xSpan = xs[lastIndex] - xStart;
  const bucketMin = new Array<number>(bucketCount).fill(-1);
  const bucketMax = new Array<number>(bucketCount).fill(-1);
  for (let k = 1; k < finiteIndices.length - 1; k++) {
    const index = finiteIndices[k];
    // With a zero x span (all points at one time) fall back to buckets by position.
    const fraction = xSpan > 0 ? (xs[index] - xStart) / xSpan : k / finiteIndices.length;
    const bucket = Math.min(bucketCount - 1, Math.max(0, Math.floor(fraction * bucketCount)));
    if (bucketMin[bucket] < 0 || ys[index] < ys[bucketMin[bucket]]) bucketMin[bucket] = index;
    if (bucketMax[bucket] < 0 || ys[index] > ys[bucketMax[bucket]]) bucketMax[bucket] = index;
  }
  const kept: number[] = [firstIndex];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const low = bucketMin[bucket];
    const high = bucketMax[bucket];
    if (low < 0) continue;
    if (low === high) kept.push(low);
    else kept.push(Math.min(low, high), Math.max(low, high));
  }
  kept.push(lastIndex);
  return pick(kept);
}
