/**
 * Reads the runner makes of the store (size multiplier, sizing equity, go-live permission) kept for the
 * bar close they were made at: every sleeve and leg of one bar sees the same answer, and the store is
 * asked once per bar rather than once per sleeve. A new bar time reads afresh; a read that failed fails
 * the rest of its bar the same way (fail closed) and is tried again at the next one.
 */
export class PerBarReads {
  private barTimeMs = Number.NaN;
  private readonly reads = new Map<string, Promise<unknown>>();

  read<T>(key: string, barTimeMs: number, load: () => Promise<T>): Promise<T> {
    if (barTimeMs !== this.barTimeMs) {
      this.reads.clear();
      this.barTimeMs = barTimeMs;
    }
    let pending = this.reads.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = load();
      this.reads.set(key, pending);
    }
    return pending;
  }
}
