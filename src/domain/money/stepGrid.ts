/**
 * An exchange grid (lot step or tick size) prepared for the hot loop: whole steps turn back into the
 * float64 nearest the decimal value with one division by the integer 1/step (when the step is a
 * decimal fraction), without recomputing the inverse every time.
 */
export class StepGrid {
  /** 1/step when it is a whole number (0.001 → 1000), else 0. */
  // Declared NaN (a double): declared bare it would be stored tagged, checked on every read.
  private readonly inverse: number = Number.NaN;

  constructor(readonly step: number) {
    if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step must be positive, was ${step}`);
    const inverse = 1 / step;
    const rounded = Math.round(inverse);
    this.inverse = Math.abs(inverse - rounded) < 1e-9 * inverse ? rounded : 0;
  }

  /** The value of `count` whole steps. */
  toValue(count: number): number {
    return this.inverse !== 0 ? count / this.inverse : count * this.step;
  }
}
