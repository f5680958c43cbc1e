import { InputError } from '../../domain/errors/inputError.ts';
import { buildEnsemble, ModelLink, NodeColumns, NodeFlag, type TreeEnsemble } from './treeEnsemble.ts';

interface XgbTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: (number | boolean)[];
  split_type?: number[];
}

/** Objectives whose probabilities this evaluator reproduces, with their link. */
const OBJECTIVES: Record<string, ModelLink> = {
  'binary:logistic': ModelLink.SIGMOID,
  'reg:logistic': ModelLink.SIGMOID,
  'binary:logitraw': ModelLink.IDENTITY,
  'multi:softprob': ModelLink.SOFTMAX,
  'multi:softmax': ModelLink.SOFTMAX,
  'reg:squarederror': ModelLink.IDENTITY,
  'reg:linear': ModelLink.IDENTITY,
};

function fail(message: string): never {
  throw new InputError(`not a usable XGBoost JSON model: ${message}`);
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An XGBoost (1.x/2.x) `Booster.save_model` JSON document as a flat ensemble. XGBoost compares the
 * feature, rounded to float32, with a float32 threshold (`x < t` goes left) and sends a missing value
 * (NaN) the node's default direction; base_score is a probability for logistic objectives (added
 * as its logit) and a margin otherwise.
 */
export function parseXgboostJson(text: string): TreeEnsemble {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    fail(`the file is not JSON (${(error as Error).message})`);
  }
  if (!isObject(document) || !isObject(document.learner)) fail('no "learner" object at the top');
  const learner = document.learner;
  const objective = isObject(learner.objective) ? String(learner.objective.name) : fail('no learner.objective.name');
  const link = OBJECTIVES[objective] ?? fail(`objective ${objective} is not supported (supported: ${Object.keys(OBJECTIVES).join(', ')})`);
  const params = isObject(learner.learner_model_param) ? learner.learner_model_param : fail('no learner.learner_model_param');
  // XGBoost 2.1+ writes base_score as a one-element vector, "[5E-1]".
  const baseScore = Number(String(params.base_score).replace(/^\[(.*)\]$/, '$1'));
  if (!Number.isFinite(baseScore)) fail(`base_score must be a number, was ${JSON.stringify(params.base_score)}`);
  const numClass = Number(params.num_class ?? 0);
  const numFeature = Number(params.num_feature);
  const outputCount = link === ModelLink.SOFTMAX ? numClass : 1;
  if (link === ModelLink.SOFTMAX && !(numClass >= 2)) fail(`objective ${objective} needs num_class ≥ 2, was ${params.num_class}`);
  const booster = isObject(learner.gradient_booster) ? learner.gradient_booster : fail('no learner.gradient_booster');
  const name = String(booster.name);
  const model = name === 'gbtree' ? booster.model : name === 'dart' && isObject(booster.gbtree) ? booster.gbtree.model : fail(`booster ${name} is not supported (gbtree, dart)`);
  const weightDrop: number[] | undefined = name === 'dart' ? booster.weight_drop : undefined;
  if (!isObject(model) || !Array.isArray(model.trees)) fail('no gradient_booster.model.trees');
  const trees = model.trees as XgbTree[];
  const treeInfo = Array.isArray(model.tree_info) ? (model.tree_info as number[]) : trees.map(() => 0);
  const featureNames: string[] = Array.isArray(learner.feature_names) && learner.feature_names.length > 0 ? learner.feature_names.map(String) : Array.from({ length: numFeature }, (_, i) => `f${i}`);
  if (!(featureNames.length > 0)) fail('the model names no features and gives no num_feature');

  const nodes = new NodeColumns();
  const roots: number[] = [];
  const outputs: number[] = [];
  trees.forEach((tree, t) => {
    if (!isObject(tree) || !Array.isArray(tree.left_children) || !Array.isArray(tree.split_conditions)) fail(`tree ${t} has no left_children/split_conditions`);
    if (tree.split_type?.some((type) => type !== 0)) fail(`tree ${t} has categorical splits, which are not supported`);
    const base = nodes.length;
    const scale = weightDrop === undefined ? 1 : Number(weightDrop[t]);
    roots.push(base);
    const output = Number(treeInfo[t] ?? 0);
    if (!(output >= 0 && output < outputCount)) fail(`tree ${t} adds to output ${output}, outside 0…${outputCount - 1}`);
    outputs.push(output);
    for (let n = 0; n < tree.left_children.length; n++) {
      const left = tree.left_children[n];
      if (left === -1) {
        nodes.push(-1, Number.NaN, -1, -1, 0, Math.fround(Number(tree.split_conditions[n])) * scale);
        continue;
      }
      const feature = Number(tree.split_indices[n]);
      if (!(feature >= 0 && feature < featureNames.length)) fail(`tree ${t} node ${n} splits on feature ${feature}, outside the ${featureNames.length} features`);
      const defaultLeft = tree.default_left[n] === 1 || tree.default_left[n] === true;
      const flags = NodeFlag.NAN_MISSING | NodeFlag.FLOAT32 | (defaultLeft ? NodeFlag.DEFAULT_LEFT : 0);
      nodes.push(feature, Math.fround(Number(tree.split_conditions[n])), base + left, base + tree.right_children[n], flags, Number.NaN);
    }
  });
  if (roots.length === 0) fail('the booster has no trees');
  const logistic = objective === 'binary:logistic' || objective === 'reg:logistic' || objective === 'binary:logitraw';
  if (logistic && !(baseScore > 0 && baseScore < 1)) fail(`base_score of a logistic objective must be in (0, 1), was ${baseScore}`);
  return buildEnsemble(
    {
      kind: 'xgboost',
      objective,
      featureNames,
      outputCount,
      link,
      sigmoidScale: 1,
      baseMargin: logistic ? Math.log(baseScore / (1 - baseScore)) : baseScore,
      averageOutput: false,
    },
    roots,
    outputs,
    nodes,
  );
}
