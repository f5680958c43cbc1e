/**
 * pandas' `ewm(..., adjust=False).mean()` (ignore_na=False) on a stream, seeded with the first value,
 * with pandas' own arithmetic: α taken through the centre of mass as pandas does, the weighted sum
 * divided by the weights, the update skipped when the value equals the mean, and a missing value
 * still decaying the old weight. Features trained in pandas are reproduced to the last bits.
 */
export class PandasEwm {
  value = Number.NaN;
  private readonly alpha: number;
  private readonly decay: number;
  private oldWeight = 1;

  private constructor(centreOfMass: number) {
    this.alpha = 1 / (1 + centreOfMass);
    this.decay = 1 - this.alpha;
  }

  /** `ewm(span=n)`: α = 2/(n+1). */
  static span(bars: number): PandasEwm {
    return new PandasEwm((bars - 1) / 2);
  }

  /** `ewm(alpha=α)` (Wilder smoothing is α = 1/n). */
  static alpha(alpha: number): PandasEwm {
    return new PandasEwm((1 - alpha) / alpha);
  }

  /** Adds `x` (NaN is a missing value) and returns the mean. */
  update(x: number): number {
    const mean = this.value;
    if (mean !== mean) {
      this.value = x;
      this.oldWeight = 1;
      return x;
    }
    this.oldWeight *= this.decay;
    if (x === x) {
      if (mean !== x) this.value = (this.oldWeight * mean + this.alpha * x) / (this.oldWeight + this.alpha);
      this.oldWeight = 1;
    }
    return this.value;
  }
}
