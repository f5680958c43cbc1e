import type { z } from 'zod';

/**
 * The bar a strategy sees on each close. The engine reuses one object and overwrites it every bar,
 * so a strategy can only ever see the current bar: lookahead is impossible by construction.
 * `time` is the bar's open time in epoch ms UTC; the decision is made at its close.
 */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What the strategy holds, as the engine (or venue) reports it; reused and overwritten each bar. */
export interface PositionView {
  /** Sign of the position held now: -1 short, 0 flat, 1 long. */
  readonly side: number;
  /** The target the strategy last asked for that the engine acted on (fraction in [-1, 1]). */
  readonly target: number;
  /**
   * Bars since the entry fill, counting the bar of the entry fill as 1 (so it is 1 on the close of the
   * bar whose open filled the entry); 0 when flat.
   */
  readonly barsHeld: number;
}

/**
 * The strategy's answer at a bar close, written into an object the engine reuses.
 * Before each call the engine sets `target` to the current target (hold), and `stopDistance` and
 * `takeProfitDistance` and `confidence` to NaN; the strategy overwrites what it decides.
 */
export interface Signal {
  /** Target position as a signed fraction of the sleeve's allocation, in [-1, 1]. */
  target: number;
  /** Protective stop distance in price units from the entry fill; NaN for no stop. */
  stopDistance: number;
  /**
   * Take-profit distance in price units from the entry fill (a resting reduce-only limit order);
   * NaN for none. The engine presets NaN before each call, like stopDistance.
   */
  takeProfitDistance: number;
  /** Model confidence in [0, 1] for signals that carry one; NaN otherwise. */
  confidence: number;
}

/** A streaming strategy: indicators are updated in place on each bar; no allocation per bar. */
export interface Strategy {
  readonly name: string;
  /** Bars needed before the first non-flat target (documentation and progress; not enforced). */
  readonly warmupBars: number;
  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void;
  /**
   * The indicator values behind the last decision, by name (after the last onBar): what
   * `rampart backtest --trace` writes beside each bar. Optional; read only when tracing, never per bar otherwise.
   */
  indicatorValues?(): Readonly<Record<string, number>>;
  /**
   * Why the last bar gave no decision when the strategy refused one (fail closed: a model's features
   * all missing); undefined otherwise. The live runner reports it as the sleeve's reason for no order.
   */
  refusalReason?(): string | undefined;
}

/** A strategy type: its name, a strict zod schema of its params, and a factory. */
export interface StrategyDefinition<Params = any> {
  readonly name: string;
  readonly description: string;
  readonly paramsSchema: z.ZodType<Params>;
  create(params: Params): Strategy;
}
