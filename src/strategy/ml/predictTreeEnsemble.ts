import { ModelLink, NodeFlag, type TreeEnsemble } from './treeEnsemble.ts';

const ZERO_THRESHOLD = 1e-35;
const { DEFAULT_LEFT, NAN_MISSING, ZERO_MISSING, NAN_AS_ZERO, LESS_OR_EQUAL, FLOAT32 } = NodeFlag;

/**
 * Raw margins of one row (features at `row[offset …]`, in the model's feature order; NaN = missing)
 * into `out[0 … outputCount)`. No allocation: the node columns are read into locals once per row and
 * each tree is walked by the node's own library rule (flags), the common case (a present value,
 * XGBoost's float32 `<` or LightGBM's double `≤`) tested first.
 */
export function predictMargin(model: TreeEnsemble, row: ArrayLike<number>, offset: number, out: Float64Array): void {
  const outputs = model.outputCount;
  for (let k = 0; k < outputs; k++) out[k] = 0;
  const roots = model.treeRoot;
  const treeOutput = model.treeOutput;
  const leafValue = model.leafValue;
  const feature = model.feature;
  const threshold = model.threshold;
  const flags = model.flags;
  const left = model.left;
  const right = model.right;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t];
    let split = feature[node];
    while (split >= 0) {
      let x = row[offset + split];
      const flag = flags[node];
      let goLeft: boolean;
      if (x !== x && (flag & NAN_AS_ZERO) !== 0) x = 0;
      if (x !== x ? (flag & NAN_MISSING) !== 0 : (flag & ZERO_MISSING) !== 0 && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) {
        goLeft = (flag & DEFAULT_LEFT) !== 0;
      } else if ((flag & LESS_OR_EQUAL) !== 0) {
        goLeft = x <= threshold[node];
      } else {
        goLeft = ((flag & FLOAT32) !== 0 ? Math.fround(x) : x) < threshold[node];
      }
      node = goLeft ? left[node] : right[node];
      split = feature[node];
    }
    out[treeOutput[t]] += leafValue[node];
  }
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
