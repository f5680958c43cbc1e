/**
 * Indices of at most `maxPoints` entries of a series (the first, the last, and per equal bucket of
 * positions its lowest and highest finite value, in order), so a long equity curve fits the page while
 * every extreme — a one-bar drawdown spike included — stays in the chart. Averaging would flatten it.
 */
export function thinIndices(values: ArrayLike<number>, maxPoints: number): number[] {
  const length = values.length;
  const limit = Math.max(4, Math.floor(maxPoints));
  if (length <= limit) return Array.from({ length }, (_, index) => index);
  const bucketCount = Math.floor((limit - 2) / 2);
  const kept: number[] = [0];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const start = 1 + Math.floor((bucket * (length - 2)) / bucketCount);
    const end = 1 + Math.floor(((bucket + 1) * (length - 2)) / bucketCount);
    let low = -1;
    let high = -1;
    for (let index = start; index < end; index++) {
      const value = values[index];
      if (!Number.isFinite(value)) continue;
      if (low < 0 || value < values[low]) low = index;
      if (high < 0 || value > values[high]) high = index;
    }
    if (low < 0) continue;
    if (low === high) kept.push(low);
    else kept.push(Math.min(low, high), Math.max(low, high));
  }
  kept.push(length - 1);
  return kept;
}
