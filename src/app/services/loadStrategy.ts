import { existsSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../domain/errors/inputError.ts';
import { builtInStrategies, getBuiltInStrategy } from '../../strategy/registry.ts';
import type { Strategy, StrategyDefinition } from '../../strategy/strategy.ts';
import { importStrategyModule } from './importStrategyModule.ts';
import { ML_ENSEMBLE, mlEnsembleDefinition } from './models/mlEnsembleDefinition.ts';

const userStrategyExtensions = ['.ts', '.js', '.mjs'];

/** Params of a user strategy without a schema are passed through as given. */
const passThroughSchema = z.any();

function looksLikePath(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || userStrategyExtensions.includes(extname(nameOrPath));
}

function builtInNames(): string {
  return [...builtInStrategies.keys(), ML_ENSEMBLE].join(', ');
}

/**
 * The strategy definition a config names: a built-in name (e.g. `tsmom_ema`), or a path, relative to
 * `baseDir` (the config file's folder), or `ml_ensemble` (models read relative to `baseDir`, bars of `timeframe`), to a .ts/.js/.mjs module whose default export, or named
 * export `strategy`, is a StrategyDefinition. Bad names and bad modules are InputErrors.
 */
export async function loadStrategyDefinition(nameOrPath: string, baseDir: string, timeframe = '1h'): Promise<StrategyDefinition> {
  // Model strategies read their model files: defined here, where files may be read, not in strategy/.
  if (nameOrPath === ML_ENSEMBLE) return mlEnsembleDefinition(baseDir, timeframe);
  const builtIn = getBuiltInStrategy(nameOrPath);
  if (builtIn) return builtIn;
  if (!looksLikePath(nameOrPath)) {
    throw new InputError(
      `unknown strategy "${nameOrPath}": built-in strategies are ${builtInNames()}, or give a path to a .ts, .js or .mjs file`,
      { value: nameOrPath },
    );
  }
  const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(baseDir, nameOrPath);
  if (!userStrategyExtensions.includes(extname(file))) {
    throw new InputError(`strategy file ${file} must end in .ts, .js or .mjs`, { file, value: nameOrPath });
  }
  if (!existsSync(file)) {
    throw new InputError(`strategy file ${file} does not exist (resolved from "${nameOrPath}" against ${baseDir})`, {
      file,
      value: nameOrPath,
    });
  }
  let module: Record<string, unknown>;
  try {
    module = await importStrategyModule(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`strategy file ${file} failed to load: ${reason}`, { file }, { cause: error });
  }
  const exported = module.default ?? module.strategy;
  const problem = definitionProblem(exported);
  if (problem) {
    throw new InputError(
      `strategy file ${file} must export a strategy definition as default export or as \`strategy\` ({ name, description, paramsSchema?, create(params) }): ${problem}`,
      { file },
    );
  }
  const definition = exported as Partial<StrategyDefinition> & { name: string; create: StrategyDefinition['create'] };
  return {
    name: definition.name,
    description: typeof definition.description === 'string' ? definition.description : '',
    paramsSchema: definition.paramsSchema ?? passThroughSchema,
    create: (params) => createUserStrategy(definition, params, file),
  };
}

/** A user strategy's create() that throws or returns no strategy is reported against its file. */
function createUserStrategy(definition: Pick<StrategyDefinition, 'name' | 'create'>, params: unknown, file: string): Strategy {
  let strategy: unknown;
  try {
    strategy = definition.create(params);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`strategy ${definition.name} from ${file} failed to start: ${reason}`, { file }, { cause: error });
  }
  if (typeof strategy !== 'object' || strategy === null || typeof (strategy as Strategy).onBar !== 'function') {
    throw new InputError(`strategy ${definition.name} from ${file}: create() must return an object with onBar(bar, position, signal)`, { file });
  }
  return strategy as Strategy;
}

function definitionProblem(exported: unknown): string | undefined {
  if (exported === undefined) return 'found no default export and no export named strategy';
  if (typeof exported !== 'object' || exported === null) return `the export is a ${exported === null ? 'null' : typeof exported}`;
  const candidate = exported as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || candidate.name === '') return 'name must be a non-empty string';
  if (typeof candidate.create !== 'function') return 'create must be a function';
  const schema = candidate.paramsSchema;
  if (schema !== undefined && typeof (schema as { safeParse?: unknown }).safeParse !== 'function') {
    return 'paramsSchema must be a zod schema';
  }
  return undefined;
}

/** `sleeves[1].params` + ['lookbacks', 0] → `sleeves[1].params.lookbacks[0]`. */
function joinKeyPath(base: string, path: readonly PropertyKey[]): string {
  let keyPath = base;
  for (const key of path) {
    if (typeof key === 'number') keyPath += `[${key}]`;
    else keyPath += keyPath === '' ? String(key) : `.${String(key)}`;
  }
  return keyPath;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Validates `params` (undefined means all defaults) with the definition's schema and creates the
 * strategy. Each schema issue becomes a line naming its key path under `keyPath` and the value found.
 */
export function createStrategy(definition: StrategyDefinition, params: unknown, keyPath: string): Strategy {
  const given = params ?? {};
  const result = definition.paramsSchema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => {
          const path = [...issue.path, key];
          return `${joinKeyPath(keyPath, path)}: unknown parameter of ${definition.name}, was ${describeValue(valueAt(given, path))}`;
        });
      }
      return [`${joinKeyPath(keyPath, issue.path)}: ${issue.message}, was ${describeValue(valueAt(given, issue.path))}`];
    });
    const lines = problems.flat();
    const firstIssue = result.error.issues[0];
    throw new InputError(`invalid params for strategy ${definition.name}:\n  ${lines.join('\n  ')}`, {
      keyPath: joinKeyPath(keyPath, firstIssue.path),
      value: valueAt(given, firstIssue.path),
    });
  }
  return definition.create(result.data);
}
