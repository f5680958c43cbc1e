import { InputError } from '../../domain/errors/inputError.ts';
import type { StrategyDefinition } from '../../strategy/strategy.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';

/**
 * Runs one step of building a sleeve (its strategy, its data) so that a bad-input error names the
 * config file, the key path that led there and its line in the file, whatever the step itself knew.
 */
export async function atSleeveKey<T>(loaded: LoadedConfig, keyPath: ReadonlyArray<string | number>, step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof InputError) || error.message.startsWith(loaded.path)) throw error;
    const key = keyPath.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
    const named = error.message.startsWith(key) ? error.message : `${key}: ${error.message}`;
    throw new InputError(`${loaded.path}${loaded.locate?.(keyPath) ?? ''}: ${named}`, { ...error.details, file: loaded.path, keyPath: error.details.keyPath ?? key }, { cause: error });
  }
}

/**
 * A parameter the strategy does not know, refused with the ones it does (name, default and
 * description from its schema), before the schema's own check: a typo should show the right name.
 */
export function assertKnownParams(definition: StrategyDefinition, params: Record<string, unknown>, keyPath: string): void {
  const shape = (definition.paramsSchema as unknown as { shape?: Record<string, { description?: string; def?: { defaultValue?: unknown } }> }).shape;
  if (shape === undefined) return;
  const unknown = Object.keys(params).filter((key) => !Object.hasOwn(shape, key));
  if (unknown.length === 0) return;
  const valid = Object.entries(shape).map(([name, schema]) => {
    const fallback = schema.def?.defaultValue;
    const details = [fallback !== undefined ? `default ${JSON.stringify(fallback)}` : '', schema.description ?? ''].filter(Boolean).join(', ');
    return `${name}${details ? ` (${details})` : ''}`;
  });
  throw new InputError(
    `${keyPath}.${unknown[0]}: unknown parameter of strategy ${definition.name}${unknown.length > 1 ? ` (also ${unknown.slice(1).join(', ')})` : ''}; valid parameters: ${valid.length > 0 ? valid.join('; ') : 'none'}`,
    { keyPath: `${keyPath}.${unknown[0]}`, value: params[unknown[0]] },
  );
}
