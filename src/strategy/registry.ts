import type { StrategyDefinition } from './strategy.ts';
import { tsmomEma } from './builtin/tsmomEma.ts';
import { tsmomMultiEma } from './builtin/tsmomMultiEma.ts';
import { breakoutVolAtr } from './builtin/breakoutVolAtr.ts';
import { smaCross } from './builtin/smaCross.ts';

/** The built-in strategies by name (the name a config's `strategy` field uses). */
export const builtInStrategies: ReadonlyMap<string, StrategyDefinition> = new Map<string, StrategyDefinition>(
  [tsmomEma, tsmomMultiEma, breakoutVolAtr, smaCross].map((definition) => [definition.name, definition]),
);

/** The built-in strategy called `name`, or undefined. */
export function getBuiltInStrategy(name: string): StrategyDefinition | undefined {
  return builtInStrategies.get(name);
}
