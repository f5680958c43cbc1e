import { InputError } from '../../domain/errors/inputError.ts';
import { loadConfig, readYamlFile, type LoadedConfig } from '../config/loadConfig.ts';
import type { LoadedSleeveData } from '../services/runBacktest.ts';
import { loadGridSpec, type GridSpec } from './gridSpec.ts';

/** What every run of a sweep shares: the base config, its parsed YAML, the grid and the loaded data. */
export interface SweepContext {
  readonly base: LoadedConfig;
  readonly baseRaw: unknown;
  readonly spec: GridSpec;
  readonly data: readonly LoadedSleeveData[];
}

/** Where a worker (thread, process or machine) finds a sweep: files by path and the hash the submitter read. */
export interface SweepFiles {
  readonly configPath: string;
  readonly configSha256: string;
  readonly gridPath: string;
}

/** Reads the config and grid a worker was named, refusing a config that changed since the sweep read it. */
export function readSweepFiles(files: SweepFiles): { base: LoadedConfig; baseRaw: unknown; spec: GridSpec } {
  const base = loadConfig(files.configPath);
  if (base.sha256 !== files.configSha256) {
    throw new InputError(`${files.configPath} changed since the sweep read it (sha256 ${base.sha256}, was ${files.configSha256})`, { file: files.configPath });
  }
  return { base, baseRaw: readYamlFile(files.configPath).raw, spec: loadGridSpec(files.gridPath) };
}
