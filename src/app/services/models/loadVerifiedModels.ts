import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { readYamlFile, validateWithSchema } from '../../config/loadConfig.ts';
import { modelManifestSchema, type ModelManifest, type ModelManifestEntry } from '../../config/modelManifestSchema.ts';
import { loadModelFile, type LoadedModel } from './loadModelFile.ts';

export interface VerifiedModel extends LoadedModel {
  readonly entry: ModelManifestEntry;
}

/** Reads and validates a model manifest (InputError with file and key path). */
export function loadModelManifest(path: string): { manifest: ModelManifest; path: string } {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new InputError(`model manifest ${absolute} does not exist`, { file: absolute, value: path });
  const { raw } = readYamlFile(absolute);
  return { manifest: validateWithSchema(modelManifestSchema, raw ?? {}, absolute, 'model manifest'), path: absolute };
}

/**
 * The manifest's entry for `file` with the model loaded and checked against it: the file's SHA-256
 * and the model's own feature names and order must be the manifest's, so a retrained or swapped file
 * is refused rather than fed features in the wrong order.
 */
export function loadVerifiedModel(manifestPath: string, file: string): VerifiedModel {
  const { manifest, path } = loadModelManifest(manifestPath);
  const index = manifest.models.findIndex((entry) => entry.file === file);
  if (index < 0) {
    throw new InputError(`model ${file} is not listed in the manifest ${path} (it lists ${manifest.models.map((entry) => entry.file).join(', ')})`, { file: path, value: file });
  }
  const entry = manifest.models[index];
  const loaded = loadModelFile(resolve(dirname(path), entry.file));
  const keyPath = `models[${index}]`;
  if (loaded.sha256 !== entry.sha256) {
    throw new InputError(`model ${loaded.path}: SHA-256 ${loaded.sha256} does not match the manifest's ${entry.sha256} (${path} ${keyPath}.sha256): the file changed since it was accepted`, {
      file: path,
      keyPath: `${keyPath}.sha256`,
      value: entry.sha256,
    });
  }
  const names = loaded.model.featureNames;
  // A model saved without names (f0, f1, …) can only be checked for its feature count.
  const unnamed = names.every((name, i) => name === `f${i}`);
  const mismatch = names.length !== entry.features.length ? -2 : unnamed ? -1 : names.findIndex((name, i) => name !== entry.features[i]);
  if (mismatch !== -1) {
    const detail = mismatch === -2 ? `${names.length} features in the model, ${entry.features.length} in the manifest` : `feature ${mismatch} is ${names[mismatch]} in the model, ${entry.features[mismatch]} in the manifest`;
    throw new InputError(`model ${loaded.path}: its features do not match the manifest (${path} ${keyPath}.features): ${detail}`, {
      file: path,
      keyPath: `${keyPath}.features`,
    });
  }
  return { ...loaded, entry };
}
