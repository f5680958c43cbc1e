import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { hashFile, readYamlFile, validateWithSchema } from './loadConfig.ts';
import { scaleRulesSchema, type ScaleRules } from './scaleRulesSchema.ts';

export interface LoadedScaleRules {
  readonly rules: ScaleRules;
  /** Absolute path of the rules file. */
  readonly path: string;
  /** Absolute path of the pinned strategy config (`frozenConfig.file`, relative to the rules file). */
  readonly frozenConfigPath: string;
}

/**
 * Reads and validates the go-live rules file once: unknown keys, wrong types and bad bounds are
 * refused with their key path, and the pinned config file must exist (its hash is compared by the
 * launch checks, which report a mismatch as a failed check rather than bad input).
 */
export function loadScaleRules(path: string): LoadedScaleRules {
  const absolute = resolve(path);
  const { raw, locate } = readYamlFile(path, 'rules file');
  const rules = validateWithSchema(scaleRulesSchema, raw, path, 'rules file', locate);
  const frozenConfigPath = resolve(dirname(absolute), rules.frozenConfig.file);
  if (!existsSync(frozenConfigPath) || !statSync(frozenConfigPath).isFile()) {
    throw new InputError(`${path}: frozenConfig.file: the pinned config ${frozenConfigPath} does not exist (restore it, e.g. git checkout -- ${rules.frozenConfig.file})`, { file: path, keyPath: 'frozenConfig.file', value: rules.frozenConfig.file });
  }
  return { rules, path: absolute, frozenConfigPath };
}

/** The pinned hash against the config file's bytes now (R1 SOP §1.3, RELIABILITY case 42). */
export function frozenConfigMatches(loaded: LoadedScaleRules, configPath: string): { ok: boolean; pinned: string; actual: string; pinnedFile: string } {
  const actual = hashFile(configPath);
  return { ok: actual === loaded.rules.frozenConfig.sha256 && resolve(configPath) === loaded.frozenConfigPath, pinned: loaded.rules.frozenConfig.sha256, actual, pinnedFile: loaded.frozenConfigPath };
}
