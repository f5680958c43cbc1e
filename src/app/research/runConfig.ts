import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { getBuiltInStrategy } from '../../strategy/registry.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { validateConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { createStrategy, loadStrategyDefinition } from '../services/loadStrategy.ts';
import type { GridSpec } from './gridSpec.ts';
import type { SweepRun } from './expandGrid.ts';
import { setAtKeyPath } from './keyPath.ts';

/** The base config's parsed YAML with a run's values set at their key paths (not yet validated). */
export function applyRun(baseRaw: unknown, spec: GridSpec, run: SweepRun): unknown {
  let raw = baseRaw;
  for (const parameter of spec.parameters) {
    raw = setAtKeyPath(raw, parameter.path, run.params[parameter.name], { file: spec.file, keyPath: `parameters.${parameter.name}` });
  }
  return raw;
}

/**
 * A run's validated config, read like the base file (same folder, same hash). A run the config schema
 * or a strategy's own params schema refuses is an InputError naming the grid file, the run's values and
 * the config key path.
 */
export async function runConfig(base: LoadedConfig, baseRaw: unknown, spec: GridSpec, run: SweepRun): Promise<LoadedConfig> {
  const values = JSON.stringify(run.params);
  let config: RampartConfig;
  try {
    config = validateConfig(applyRun(baseRaw, spec, run), `${spec.file} run ${values}`);
    for (const [index, sleeve] of config.sleeves.entries()) {
      createStrategy(await loadStrategyDefinition(sleeve.strategy, base.baseDir), sleeve.params, `sleeves[${index}].params`);
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${spec.file}: the run ${values} makes an invalid config: ${error.message}`, { file: spec.file, keyPath: error.details.keyPath, value: error.details.value }, { cause: error });
  }
  return { ...base, config };
}

/**
 * The run's config as a file of its own for `rampart backtest -c`: relative data and strategy paths made
 * absolute, since the file may be written elsewhere than the base config.
 */
export function standaloneRunConfig(baseDir: string, raw: unknown): unknown {
  const config = structuredClone(raw) as { sleeves?: Array<{ strategy?: string; data?: Record<string, string> }> };
  for (const sleeve of config.sleeves ?? []) {
    if (typeof sleeve.strategy === 'string' && !getBuiltInStrategy(sleeve.strategy) && !isAbsolute(sleeve.strategy)) sleeve.strategy = resolve(baseDir, sleeve.strategy);
    for (const key of ['file', 'funding', 'mark']) {
      const path = sleeve.data?.[key];
      if (typeof path === 'string' && !isAbsolute(path)) sleeve.data![key] = resolve(baseDir, path);
    }
  }
  return config;
}
