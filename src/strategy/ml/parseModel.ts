import { InputError } from '../../domain/errors/inputError.ts';
import { parseLightgbmText } from './parseLightgbmText.ts';
import { parseXgboostJson } from './parseXgboostJson.ts';
import type { TreeEnsemble } from './treeEnsemble.ts';

/**
 * A model file's text as an ensemble, told apart by its content: XGBoost JSON starts with `{`, a
 * LightGBM text model with the line `tree`. Anything else is refused, never read as an empty model.
 */
export function parseModel(text: string): TreeEnsemble {
  const start = text.trimStart();
  if (start.startsWith('{')) return parseXgboostJson(text);
  if (start.startsWith('tree')) return parseLightgbmText(text);
  throw new InputError(
    `not a model: expected an XGBoost JSON model (save_model, starting with "{") or a LightGBM text model (starting with "tree"), found ${JSON.stringify(start.slice(0, 24))}`,
  );
}
