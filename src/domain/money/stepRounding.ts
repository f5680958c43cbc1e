import { Decimal } from 'decimal.js';

/**
 * Exchange-grid rounding with decimal arithmetic, for the venue edge (what is sent to an exchange and
 * what reports print). Naive float flooring fails: 0.3 / 0.1 is 2.9999999999999996 in binary.
 */
export function floorToStep(value: Decimal.Value, step: Decimal.Value): Decimal {
  const stepDecimal = new Decimal(step);
  if (!stepDecimal.isFinite() || stepDecimal.lte(0)) throw new RangeError(`step must be positive, was ${String(step)}`);
  return new Decimal(value).div(stepDecimal).floor().mul(stepDecimal);
}

/** Rounds to the nearest multiple of `step` (half away from zero). */
export function roundToStep(value: Decimal.Value, step: Decimal.Value): Decimal {
  const stepDecimal = new Decimal(step);
  if (!stepDecimal.isFinite() || stepDecimal.lte(0)) throw new RangeError(`step must be positive, was ${String(step)}`);
  return new Decimal(value).div(stepDecimal).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(stepDecimal);
}

/** Number of decimals a step has (0.001 → 3, 5 → 0): how many digits a grid value prints with. */
export function stepDecimals(step: number): number {
  return Math.max(0, new Decimal(step).decimalPlaces());
}

/**
 * Hot-loop variant: whole lots in `quantity`, as a float64 integer. A relative tolerance of 1e-9 absorbs
 * binary representation error (0.3 / 0.1) without ever rounding a genuinely smaller amount up.
 */
export function floorToLots(quantity: number, lotStep: number): number {
  return Math.floor((quantity / lotStep) * (1 + 1e-9));
}

/** Hot-loop variant: the nearest whole number of ticks in `price`. */
export function roundToTicks(price: number, tickSize: number): number {
  return Math.round(price / tickSize);
}
