//! How a report rounds its numbers: fixed decimals, so the same run always serialises to the same bytes.

export function round(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** Math.min(decimals, 12);
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** An amount of the quote currency, to 6 decimals. */
export function money(value: number): number {
  return round(value, 6);
}

/** A fraction as percent with 6 decimals. */
export function pct(fraction: number): number {
  return round(fraction * 100, 6);
}
