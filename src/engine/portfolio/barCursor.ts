import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import type { Bar } from '../../strategy/strategy.ts';

/**
 * The Bar a strategy is shown: a window onto the candle columns at the bar being closed. The columns
 * and the index are hard-private (#), so a strategy cannot reach another bar through it, and the
 * engine only ever moves the index forward to the bar being decided on: no lookahead, by construction.
 * Moving the cursor is one store per bar instead of copying six fields.
 */
export class BarCursor implements Readonly<Bar> {
  readonly #time: Float64Array;
  readonly #open: Float64Array;
  readonly #high: Float64Array;
  readonly #low: Float64Array;
  readonly #close: Float64Array;
  readonly #volume: Float64Array;
  #index = 0;

  constructor(candles: CandleSeries) {
    this.#time = candles.time;
    this.#open = candles.open;
    this.#high = candles.high;
    this.#low = candles.low;
    this.#close = candles.close;
    this.#volume = candles.volume;
  }

  /** Points the cursor at bar `index`; the engine calls it with the bar being closed, never a later one. */
  moveTo(index: number): void {
    this.#index = index;
  }

  get time(): number {
    return this.#time[this.#index];
  }
  get open(): number {
    return this.#open[this.#index];
  }
  get high(): number {
    return this.#high[this.#index];
  }
  get low(): number {
    return this.#low[this.#index];
  }
  get close(): number {
    return this.#close[this.#index];
  }
  get volume(): number {
    return this.#volume[this.#index];
  }
}
