/**
 * The portfolio's clock in a backtest: the sorted union of every sleeve's bar times (epoch ms).
 * A single sleeve's own time column is returned as is.
 */
export function unionTimeline(columns: readonly Float64Array[]): Float64Array {
  if (columns.length === 1) return columns[0];
  let total = 0;
  for (const column of columns) total += column.length;
  const merged = new Float64Array(total);
  let offset = 0;
  for (const column of columns) {
    merged.set(column, offset);
    offset += column.length;
  }
  merged.sort();
  let unique = 0;
  for (let i = 0; i < merged.length; i++) {
    if (i === 0 || merged[i] !== merged[unique - 1]) merged[unique++] = merged[i];
  }
  return merged.slice(0, unique);
}
