import { ModelLink, NodeFlag, type TreeEnsemble } from './treeEnsemble.ts';

const ZERO_THRESHOLD = 1e-35;

/** The leaf a row reaches in the tree rooted at `root`, by the node's own library rule. */
function leafOf(model: TreeEnsemble, root: number, row: ArrayLike<number>, offset: number): number {
  const feature = model.feature;
  const threshold = model.threshold;
  const flags = model.flags;
  let node = root;
  let split = feature[node];
  while (split >= 0) {
    let x = row[offset + split];
    const flag = flags[node];
    let goLeft: boolean;
    if (x !== x && (flag & NodeFlag.NAN_AS_ZERO) !== 0) x = 0;
    if (x !== x ? (flag & NodeFlag.NAN_MISSING) !== 0 : (flag & NodeFlag.ZERO_MISSING) !== 0 && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) {
      goLeft = (flag & NodeFlag.DEFAULT_LEFT) !== 0;
    } else {
      if ((flag & NodeFlag.FLOAT32) !== 0) x = Math.fround(x);
      goLeft = (flag & NodeFlag.LESS_OR_EQUAL) !== 0 ? x <= threshold[node] : x < threshold[node];
    }
    node = goLeft ? model.left[node] : model.right[node];
    split = feature[node];
  }
  return node;
}

/**
 * Raw margins of one row (features at `row[offset …]`, in the model's feature order; NaN = missing)
 * into `out[0 … outputCount)`. No allocation.
 */
export function predictMargin(model: TreeEnsemble, row: ArrayLike<number>, offset: number, out: Float64Array): void {
  const outputs = model.outputCount;
  for (let k = 0; k < outputs; k++) out[k] = 0;
  const roots = model.treeRoot;
  const treeOutput = model.treeOutput;
  const leafValue = model.leafValue;
  for (let t = 0; t < roots.length; t++) out[treeOutput[t]] += leafValue[leafOf(model, roots[t], row, offset)];
  const perOutput = roots.length / outputs;
  for (let k = 0; k < outputs; k++) out[k] = (model.averageOutput ? out[k] / perOutput : out[k]) + model.baseMargin;
}

/**
 * Probabilities of one row into `out` (per class for multi-class; P(class 1) for binary; the value
 * for regression), the way the library's own predict does. No allocation.
 */
export function predictRow(model: TreeEnsemble, row: ArrayLike<number>, offset: number, out: Float64Array): void {
  predictMargin(model, row, offset, out);
  const outputs = model.outputCount;
  if (model.link === ModelLink.SIGMOID) {
    for (let k = 0; k < outputs; k++) out[k] = 1 / (1 + Math.exp(-model.sigmoidScale * out[k]));
  } else if (model.link === ModelLink.SOFTMAX) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < outputs; k++) if (out[k] > max) max = out[k];
    let sum = 0;
    for (let k = 0; k < outputs; k++) {
      out[k] = Math.exp(out[k] - max);
      sum += out[k];
    }
    for (let k = 0; k < outputs; k++) out[k] /= sum;
  }
}

/**
 * The probability of the positive class (binary), of the last class (multi-class: the "up" class of a
 * down/flat/up label), or the regression value, for each row of a row-major matrix of `featureCount`
 * columns. `scratch` holds at least outputCount numbers.
 */
export function predictPositive(model: TreeEnsemble, matrix: ArrayLike<number>, rows: number, out: Float64Array, scratch = new Float64Array(model.outputCount)): void {
  const width = model.featureNames.length;
  for (let r = 0; r < rows; r++) {
    predictRow(model, matrix, r * width, scratch);
    out[r] = scratch[model.outputCount - 1];
  }
}
