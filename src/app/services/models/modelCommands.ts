import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { predictRow } from '../../../strategy/ml/predictTreeEnsemble.ts';
import { loadModelFile } from './loadModelFile.ts';

/** `rampart model inspect FILE`: kind, objective, trees, nodes, outputs and the features by name. */
export function inspectModel(file: string): string {
  const { model, path, sha256 } = loadModelFile(file);
  const leaves = model.feature.reduce((count, feature) => count + (feature < 0 ? 1 : 0), 0);
  const lines = [
    `model ${path}`,
    `  sha256     ${sha256}`,
    `  kind       ${model.kind}`,
    `  objective  ${model.objective}`,
    `  outputs    ${model.outputCount} (${model.link})`,
    `  trees      ${model.treeRoot.length} (${model.feature.length - leaves} splits, ${leaves} leaves)`,
    `  features   ${model.featureNames.length}`,
    ...model.featureNames.map((name, i) => `    ${String(i).padStart(3)} ${name}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `rampart model predict`: one probability per row of a features CSV (columns by name, any order,
 * extra columns ignored; empty cells and NaN are missing values the model routes its own way).
 * The first column is carried to the output as the row's key when it is not a feature.
 * Returns the number of rows written.
 */
export function predictModelCsv(modelFile: string, featuresFile: string, outFile: string): number {
  const { model } = loadModelFile(modelFile);
  const absolute = resolve(featuresFile);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError(`features file ${absolute} cannot be read: ${(error as Error).message}`, { file: absolute }, { cause: error });
  }
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines.length === 0) throw new InputError(`features file ${absolute} is empty: it needs a header row naming the features`, { file: absolute });
  const header = lines[0].split(',').map((name) => name.trim());
  const columnOf = model.featureNames.map((name) => header.indexOf(name));
  const missing = model.featureNames.filter((_, i) => columnOf[i] < 0);
  if (missing.length > 0) {
    throw new InputError(`features file ${absolute} lacks ${missing.length} of the model's features: ${missing.join(', ')}`, { file: absolute, keyPath: missing[0] });
  }
  const keyColumn = model.featureNames.includes(header[0]) ? -1 : 0;
  const width = model.featureNames.length;
  const row = new Float64Array(width);
  const out = new Float64Array(model.outputCount);
  const output: string[] = [`${keyColumn === 0 ? header[0] : 'row'},probability`];
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    for (let c = 0; c < width; c++) {
      const cell = (cells[columnOf[c]] ?? '').trim();
      const value = cell === '' || cell.toLowerCase() === 'nan' ? Number.NaN : Number(cell);
      if (Number.isNaN(value) && cell !== '' && cell.toLowerCase() !== 'nan') {
        throw new InputError(`features file ${absolute} line ${r + 1}, column ${model.featureNames[c]}: not a number, was ${JSON.stringify(cell)}`, {
          file: absolute,
          keyPath: `line ${r + 1}.${model.featureNames[c]}`,
          value: cell,
        });
      }
      row[c] = value;
    }
    predictRow(model, row, 0, out);
    output.push(`${keyColumn === 0 ? cells[0] : r - 1},${out[model.outputCount - 1]}`);
  }
  writeFileSync(resolve(outFile), `${output.join('\n')}\n`);
  return lines.length - 1;
}
