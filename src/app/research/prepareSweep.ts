import { InputError } from '../../domain/errors/inputError.ts';
import { loadConfig, readYamlFile } from '../config/loadConfig.ts';
import type { SleeveDataSource } from '../services/runBacktest.ts';
import { expandGrid, gridSize, type SweepRun } from './expandGrid.ts';
import { loadGridSpec } from './gridSpec.ts';
import { runConfig } from './runConfig.ts';
import { toSharedSleeveData } from './sharedSleeveData.ts';
import type { SweepContext, SweepFiles } from './sweepContext.ts';

const MAX_RUNS = 1_000_000;

export interface PreparedSweep {
  readonly context: SweepContext;
  readonly files: SweepFiles;
  readonly runs: readonly SweepRun[];
}

/**
 * Everything a sweep needs before its first run: the config and grid read and validated, every run's
 * config validated (a bad value is refused before any work, exit 2), and each sleeve's data loaded
 * once into shared memory (not when `dataSource` is undefined: exporting a run's config reads no data).
 */
export async function prepareSweep(configPath: string, gridPath: string, dataSource: SleeveDataSource | undefined, sample?: { runs: number; seed: number }): Promise<PreparedSweep> {
  const base = loadConfig(configPath);
  const baseRaw = readYamlFile(configPath).raw;
  const spec = loadGridSpec(gridPath);
  const chosenSample = sample ?? spec.sample;
  if (!chosenSample && gridSize(spec) > MAX_RUNS) {
    throw new InputError(`${gridPath}: the grid has ${gridSize(spec)} points, more than ${MAX_RUNS}; draw a sample (sample: {runs, seed} or --sample N)`, { file: gridPath, keyPath: 'parameters' });
  }
  const runs = expandGrid(spec, chosenSample);
  for (const run of runs) await runConfig(base, baseRaw, spec, run);
  const data = [];
  if (dataSource) for (const [index, sleeve] of base.config.sleeves.entries()) data.push(toSharedSleeveData(await dataSource.load(sleeve, index, base.config, base.baseDir)));
  return {
    context: { base, baseRaw, spec, data },
    files: { configPath: base.path, configSha256: base.sha256, gridPath: spec.file },
    runs,
  };
}
