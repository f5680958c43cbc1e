/** Loss from `startEquity` to `equity` as percent of the start (0 when equity is at or above it). */
export function drawdownPct(startEquity: number, equity: number): number {
  return equity >= startEquity ? 0 : ((startEquity - equity) / startEquity) * 100;
}

// Limits hold "at or below": a resized order sits exactly on the limit, and float rounding of the
// product must not turn that into a denial.
export function exceeds(value: number, limit: number): boolean {
  return value > limit * (1 + 1e-9) + 1e-12;
}
