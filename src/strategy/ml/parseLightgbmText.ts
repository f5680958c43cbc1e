import { InputError } from '../../domain/errors/inputError.ts';
import { buildEnsemble, ModelLink, NodeColumns, NodeFlag, type TreeEnsemble } from './treeEnsemble.ts';

function fail(message: string): never {
  throw new InputError(`not a usable LightGBM text model: ${message}`);
}

/** `key=value` lines of one block. */
function readBlock(lines: string[], from: number): { fields: Map<string, string>; next: number } {
  const fields = new Map<string, string>();
  let i = from;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line.startsWith('Tree=') || line === 'end of trees') break;
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return { fields, next: i };
}

function numbers(fields: Map<string, string>, key: string, count: number, tree: number): number[] {
  const raw = fields.get(key);
  if (raw === undefined) fail(`tree ${tree} has no ${key}`);
  const values = raw.trim().split(/\s+/).map(Number);
  if (values.length !== count || values.some((value) => Number.isNaN(value))) fail(`tree ${tree}: ${key} must hold ${count} numbers`);
  return values;
}

/**
 * A LightGBM (v3/v4) `Booster.save_model` text model as a flat ensemble. LightGBM compares the
 * feature as a double with a double threshold (`x ≤ t` goes left); decision_type bit 1 is
 * default-left, bits 2–3 the missing type (None: NaN read as 0; Zero: |x| ≤ 1e-35 and NaN are
 * missing; NaN: NaN is missing). Categorical splits and linear trees are refused.
 */
export function parseLightgbmText(text: string): TreeEnsemble {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'tree') fail(`the first line must be "tree", was ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
  const { fields: header, next } = readBlock(lines, 1);
  const objectiveLine = header.get('objective') ?? fail('no objective line');
  const objectiveName = objectiveLine.split(' ')[0];
  const option = (key: string): number | undefined => {
    const hit = objectiveLine.split(' ').find((part) => part.startsWith(`${key}:`));
    return hit === undefined ? undefined : Number(hit.slice(key.length + 1));
  };
  const numClass = Number(header.get('num_class') ?? 1);
  const perIteration = Number(header.get('num_tree_per_iteration') ?? 1);
  const maxFeature = Number(header.get('max_feature_idx'));
  if (!(maxFeature >= 0)) fail('no max_feature_idx');
  const featureNames = (header.get('feature_names') ?? '').trim().split(/\s+/).filter((name) => name !== '');
  if (featureNames.length !== maxFeature + 1) fail(`feature_names has ${featureNames.length} names for max_feature_idx ${maxFeature}`);
  let link: ModelLink;
  let sigmoidScale = 1;
  let outputCount = 1;
  switch (objectiveName) {
    case 'binary':
      link = ModelLink.SIGMOID;
      sigmoidScale = option('sigmoid') ?? 1;
      break;
    case 'cross_entropy':
    case 'xentropy':
      link = ModelLink.SIGMOID;
      break;
    case 'multiclass':
    case 'softmax':
      link = ModelLink.SOFTMAX;
      outputCount = numClass;
      break;
    case 'multiclassova':
      link = ModelLink.SIGMOID;
      sigmoidScale = option('sigmoid') ?? 1;
      outputCount = numClass;
      break;
    case 'regression':
    case 'regression_l2':
    case 'regression_l1':
    case 'huber':
    case 'fair':
    case 'quantile':
      link = ModelLink.IDENTITY;
      break;
    default:
      fail(`objective ${objectiveLine} is not supported`);
  }
  if (perIteration !== outputCount) fail(`num_tree_per_iteration ${perIteration} does not match ${outputCount} outputs`);

  const nodes = new NodeColumns();
  const roots: number[] = [];
  const outputs: number[] = [];
  let i = next;
  let treeCount = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === 'end of trees') break;
    if (!line.startsWith('Tree=')) continue;
    const t = treeCount++;
    const { fields, next: after } = readBlock(lines, i + 1);
    i = after - 1;
    const leaves = Number(fields.get('num_leaves'));
    if (!(leaves >= 1)) fail(`tree ${t} has no num_leaves`);
    if (Number(fields.get('num_cat') ?? 0) > 0) fail(`tree ${t} has categorical splits, which are not supported`);
    if (Number(fields.get('is_linear') ?? 0) !== 0) fail(`tree ${t} is a linear tree, which is not supported`);
    const base = nodes.length;
    roots.push(base);
    outputs.push(t % outputCount);
    const leafValues = numbers(fields, 'leaf_value', leaves, t);
    const internal = leaves - 1;
    // Internal nodes first (0 … leaves−2), then leaf j at base + internal + j.
    if (internal > 0) {
      const feature = numbers(fields, 'split_feature', internal, t);
      const threshold = numbers(fields, 'threshold', internal, t);
      const decision = numbers(fields, 'decision_type', internal, t);
      const left = numbers(fields, 'left_child', internal, t);
      const right = numbers(fields, 'right_child', internal, t);
      const child = (c: number): number => (c >= 0 ? base + c : base + internal + ~c);
      for (let n = 0; n < internal; n++) {
        if (!(feature[n] >= 0 && feature[n] <= maxFeature)) fail(`tree ${t} node ${n} splits on feature ${feature[n]}, outside 0…${maxFeature}`);
        const missingType = (decision[n] >> 2) & 3;
        let flags = NodeFlag.LESS_OR_EQUAL | ((decision[n] & 2) !== 0 ? NodeFlag.DEFAULT_LEFT : 0);
        if (missingType === 2) flags |= NodeFlag.NAN_MISSING;
        else flags |= NodeFlag.NAN_AS_ZERO | (missingType === 1 ? NodeFlag.ZERO_MISSING : 0);
        nodes.push(feature[n], threshold[n], child(left[n]), child(right[n]), flags, Number.NaN);
      }
    }
    for (let j = 0; j < leaves; j++) nodes.push(-1, Number.NaN, -1, -1, 0, leafValues[j]);
  }
  if (i >= lines.length) fail('no "end of trees" line: the file is cut short');
  if (treeCount === 0 || treeCount % outputCount !== 0) fail(`${treeCount} trees do not fill whole iterations of ${outputCount}`);
  const averageOutput = header.has('average_output');
  return buildEnsemble(
    { kind: 'lightgbm', objective: objectiveLine, featureNames, outputCount, link, sigmoidScale, baseMargin: 0, averageOutput },
    roots,
    outputs,
    nodes,
  );
}
