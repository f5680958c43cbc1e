import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { readYamlFile, validateWithSchema } from './loadConfig.ts';
import { stressScenariosSchema, type StressScenariosFile } from './stressScenariosSchema.ts';

/** Where the project ships its registry. */
export const DEFAULT_STRESS_SCENARIOS_FILE = 'config/stress-scenarios.yaml';

/** Reads and validates the stress-scenario registry; InputError naming the file and key otherwise. */
export function loadStressScenarios(path: string): { registry: StressScenariosFile; path: string } {
  if (!existsSync(resolve(path))) throw new InputError(`the stress-scenario file ${resolve(path)} does not exist (pass --scenarios FILE; the project ships ${DEFAULT_STRESS_SCENARIOS_FILE})`, { file: path, keyPath: '--scenarios', value: path });
  const { raw, locate } = readYamlFile(path, 'stress scenarios file');
  return { registry: validateWithSchema(stressScenariosSchema, raw ?? {}, path, 'stress-scenario file', locate), path: resolve(path) };
}
