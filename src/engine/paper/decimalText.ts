/** A float as the store's decimal text (no exponent, no trailing zeros, no negative zero), rounded to `decimals`. */
export function decimalText(value: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`decimalText: value must be finite, was ${value}`);
  let text = value.toFixed(Math.min(20, Math.max(0, decimals)));
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return /^-0$/.test(text) ? '0' : text;
}

/** Decimal places of a step such as a lot step or tick size (0.001 → 3). */
export function stepDecimals(step: number): number {
  for (let decimals = 0; decimals <= 12; decimals++) {
    if (Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) < 1e-9) return decimals;
  }
  return 12;
}
