import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { readYamlFile, validateWithSchema } from './loadConfig.ts';
import { goLiveSchema, type GoLiveSettings } from './goLiveSchema.ts';

export interface LoadedGoLive {
  readonly settings: GoLiveSettings;
  /** Absolute path of the go-live file. */
  readonly path: string;
  /** Absolute path of the flag file (`flagFile`, relative to the go-live file). */
  readonly flagPath: string;
}

/** The default location: `config/go-live.yaml` under the working directory. */
export const DEFAULT_GO_LIVE_FILE = 'config/go-live.yaml';

/** Reads and validates the go-live file (unknown keys refused with their key path). */
export function loadGoLive(path: string): LoadedGoLive {
  if (!existsSync(resolve(path))) throw new InputError(`the go-live file ${resolve(path)} does not exist (pass --go-live FILE; the project ships config/go-live.yaml)`, { file: path, keyPath: '--go-live', value: path });
  const { raw, locate } = readYamlFile(path, 'go-live file');
  const settings = validateWithSchema(goLiveSchema, raw ?? {}, path, 'go-live file', locate);
  const absolute = resolve(path);
  return { settings, path: absolute, flagPath: resolve(dirname(absolute), settings.flagFile) };
}
