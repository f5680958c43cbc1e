/**
 * @module rampart/strategy
 * What a strategy author imports, by package name (`import { defineStrategy, Ema, z } from 'rampart/strategy'`)
 * from a strategy file in any folder: the strategy contract, the streaming indicators, and zod for the
 * parameter schema (the same zod the engine validates with, so a file outside the repository needs no install).
 */
export type { Bar, PositionView, Signal, Strategy, StrategyDefinition } from './strategy.ts';
export { Sma, smaSeries, Ema, emaSeries, Atr, atrSeries, Rsi, rsiSeries, StdDev, stdDevSeries, RollingMax, rollingMaxSeries, RollingMin, rollingMinSeries, DonchianChannel } from './indicators/index.ts';
export { z } from 'zod';
import type { z } from 'zod';
import type { Strategy } from './strategy.ts';

/** A strategy definition as an author writes it: the schema and description may be left out. */
export interface StrategyDefinitionInput<Params> {
  readonly name: string;
  readonly description?: string;
  /** A zod schema of the params (defaults and `.describe()` texts show in `rampart strategies show`); none: no params. */
  readonly paramsSchema?: z.ZodType<Params>;
  create(params: Params): Strategy;
}

/** Types a strategy definition (params inferred from the schema) and returns it unchanged, for `export default`. */
export function defineStrategy<Params = Record<string, never>>(definition: StrategyDefinitionInput<Params>): StrategyDefinitionInput<Params> {
  return definition;
}
