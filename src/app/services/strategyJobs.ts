import { resolve } from 'node:path';
import { builtInStrategies } from '../../strategy/registry.ts';
import { checkStrategyTypes } from './checkStrategyTypes.ts';
import { describeStrategy, formatStrategyDescription } from './describeStrategy.ts';
import { createStrategy, loadStrategyDefinition } from './loadStrategy.ts';

/** `rampart strategies list`: every built-in strategy with its parameters, defaults and descriptions. */
export function strategiesListText(): string {
  const sections = [...builtInStrategies.values()].map((definition) => formatStrategyDescription(describeStrategy(definition)));
  return `${sections.join('\n')}\nA config may also name a strategy file (.ts, .js, .mjs) by path; \`rampart strategies show FILE\` describes it.\n`;
}

/** `rampart strategies show NAME|FILE`: one strategy's parameters; a path is resolved against `baseDir`. */
export async function strategiesShowText(nameOrPath: string, baseDir: string): Promise<string> {
  return formatStrategyDescription(describeStrategy(await loadStrategyDefinition(nameOrPath, baseDir)));
}

export interface StrategyCheckOutcome {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * `rampart strategies check FILE`: loads the file as a backtest would (an import or export problem is an
 * InputError), creates it with its default parameters, and type-checks it; `ok` false on type errors.
 */
export async function strategiesCheck(file: string, baseDir: string): Promise<StrategyCheckOutcome> {
  const definition = await loadStrategyDefinition(file, baseDir);
  createStrategy(definition, undefined, 'params');
  const types = await checkStrategyTypes(resolve(baseDir, file));
  const head = `${definition.name}: loads and starts with its default parameters`;
  return types.ok ? { ok: true, text: `${head}; no type errors\n` } : { ok: false, text: `${head}, but has type errors:\n${types.diagnostics}\n` };
}
