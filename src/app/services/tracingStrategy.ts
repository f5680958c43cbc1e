import type { Bar, PositionView, Signal, Strategy } from '../../strategy/strategy.ts';

/** One bar as the traced strategy saw it, and what it answered. */
export interface TracedBar {
  readonly timeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** The position side the strategy was shown: -1, 0 or 1. */
  readonly side: number;
  readonly indicators: Readonly<Record<string, number>>;
  /** signal.target as the strategy left it. */
  readonly target: number;
}

/** Wraps a sleeve's strategy to record each bar's inputs, its exposed indicator values and its target (`backtest --trace`). */
export class TracingStrategy implements Strategy {
  readonly name: string;
  readonly warmupBars: number;
  readonly bars: TracedBar[] = [];

  constructor(private readonly inner: Strategy) {
    this.name = inner.name;
    this.warmupBars = inner.warmupBars;
  }

  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void {
    try {
      this.inner.onBar(bar, position, signal);
    } finally {
      // Recorded even when onBar throws or the engine then refuses the target: the trace shows the bar that failed.
      this.bars.push({
        timeMs: bar.time,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
        side: position.side,
        indicators: { ...(this.inner.indicatorValues?.() ?? {}) },
        target: signal.target,
      });
    }
  }

  indicatorValues(): Readonly<Record<string, number>> {
    return this.inner.indicatorValues?.() ?? {};
  }
}
