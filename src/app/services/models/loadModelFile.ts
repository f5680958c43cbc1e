import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { parseModel } from '../../../strategy/ml/parseModel.ts';
import type { TreeEnsemble } from '../../../strategy/ml/treeEnsemble.ts';

export interface LoadedModel {
  readonly model: TreeEnsemble;
  /** Absolute path. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

/** Reads and parses an XGBoost JSON or LightGBM text model; InputError naming the file otherwise. */
export function loadModelFile(path: string): LoadedModel {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new InputError(`model file ${absolute} does not exist`, { file: absolute, value: path });
  const bytes = readFileSync(absolute);
  try {
    return { model: parseModel(bytes.toString('utf8')), path: absolute, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${absolute}: ${error.message}`, { file: absolute }, { cause: error });
    throw error;
  }
}
