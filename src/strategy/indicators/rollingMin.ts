import { checkPeriod } from './checkPeriod.ts';

/**
 * Lowest of the last `period` values (current included), by a monotonic deque on a ring buffer:
 * O(1) amortised per update. NaN until `period` values. For the channel of the *previous* N bars,
 * read `value` before updating with the current bar.
 */
export class RollingMin {
  readonly period: number;
  private readonly dequeValues: Float64Array;
  /** Sequence number of each deque entry, to expire entries that left the window. */
  private readonly dequeSequence: Float64Array;
  private head = 0;
  private size = 0;
  private sequence = 0;
  private current = NaN;

  constructor(period: number) {
    checkPeriod('RollingMin', period);
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
    // Expire first, so the deque never holds more than `period` entries.
    if (this.size > 0 && this.dequeSequence[this.head] <= sequence - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= capacity) back -= capacity;
      if (values[back] < value) break;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= capacity) slot -= capacity;
    values[slot] = value;
    this.dequeSequence[slot] = sequence;
    this.size++;
    this.sequence = sequence + 1;
    this.current = this.sequence >= capacity ? values[this.head] : NaN;
    return this.current;
  }
}

/** Rolling minimum of a whole series through the streaming class (NaN where not yet stable). */
export function rollingMinSeries(values: Float64Array, period: number): Float64Array {
  const rollingMin = new RollingMin(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rollingMin.update(values[i]);
  return out;
}
