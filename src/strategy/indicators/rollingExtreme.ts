import { checkPeriod } from './checkPeriod.ts';

/**
 * Highest (direction +1) or lowest (direction −1) of the last `period` values, current included, by a
 * monotonic deque on a ring buffer: O(1) amortised per update. Values are kept multiplied by the
 * direction, so one "keep the larger" rule serves both. NaN until `period` values. For the channel of
 * the *previous* N bars, read `value` before updating with the current bar.
 */
export class RollingExtreme {
  readonly period: number;
  private readonly dequeValues: Float64Array;
  /** Sequence number of each deque entry, to expire entries that left the window. */
  private readonly dequeSequence: Float64Array;
  private head = 0;
  private size = 0;
  private sequence = 0;
  private current = NaN;

  constructor(
    name: string,
    period: number,
    private readonly direction: 1 | -1,
  ) {
    checkPeriod(name, period);
    this.period = period;
    this.dequeValues = new Float64Array(period);
    this.dequeSequence = new Float64Array(period);
  }

  get value(): number {
    return this.current;
  }

  get isStable(): boolean {
    return this.sequence >= this.period;
  }

  update(value: number): number {
    const capacity = this.period;
    const values = this.dequeValues;
    const sequence = this.sequence;
    const signed = value * this.direction;
    // Expire first, so the deque never holds more than `period` entries.
    if (this.size > 0 && this.dequeSequence[this.head] <= sequence - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      // Wrapped by subtracting 0 or the capacity, not by a subtraction on a branch: that branch first
      // runs when the deque wraps, often long after the bar loop was optimised, and would deoptimise it.
      back -= back >= capacity ? capacity : 0;
      if (values[back] > signed) break;
      this.size--;
    }
    let slot = this.head + this.size;
    slot -= slot >= capacity ? capacity : 0;
    values[slot] = signed;
    this.dequeSequence[slot] = sequence;
    this.size++;
    this.sequence = sequence + 1;
    this.current = this.sequence >= capacity ? values[this.head] * this.direction : NaN;
    return this.current;
  }
}

/** A whole series through a streaming extreme (NaN where not yet stable). */
export function rollingExtremeSeries(extreme: RollingExtreme, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = extreme.update(values[i]);
  return out;
}
