/**
 * A gradient-boosted tree ensemble flattened into typed arrays, with each library's split rule kept
 * per node, so XGBoost and LightGBM models evaluate with one allocation-free loop.
 */

/** How the raw margin becomes a probability. */
export const ModelLink = { SIGMOID: 'sigmoid', SOFTMAX: 'softmax', IDENTITY: 'identity' } as const;
export type ModelLink = (typeof ModelLink)[keyof typeof ModelLink];

/** Node flag bits. */
export const NodeFlag = {
  /** A missing value goes left. */
  DEFAULT_LEFT: 1,
  /** NaN is missing (XGBoost always; LightGBM missing_type NaN). */
  NAN_MISSING: 2,
  /** Zero (|x| ≤ 1e-35) is missing (LightGBM missing_type Zero). */
  ZERO_MISSING: 4,
  /** NaN is read as 0 before the comparison (LightGBM when NaN is not the missing type). */
  NAN_AS_ZERO: 8,
  /** Left when x ≤ threshold (LightGBM); otherwise left when x < threshold (XGBoost). */
  LESS_OR_EQUAL: 16,
  /** The feature is rounded to float32 before the comparison (XGBoost). */
  FLOAT32: 32,
} as const;

export interface TreeEnsemble {
  readonly kind: 'xgboost' | 'lightgbm';
  /** The library's objective name, as saved (`binary:logistic`, `binary sigmoid:1`, `multiclass num_class:3`). */
  readonly objective: string;
  readonly featureNames: readonly string[];
  /** Outputs per row: 1 for binary and regression, the class count for multi-class. */
  readonly outputCount: number;
  readonly link: ModelLink;
  /** Multiplier of the margin inside the sigmoid (LightGBM's `sigmoid:`; 1 for XGBoost). */
  readonly sigmoidScale: number;
  /** Margin added to every output before the link (XGBoost's base_score in margin space; 0 for LightGBM). */
  readonly baseMargin: number;
  /** Per tree: root node index and the output (class) it adds to. */
  readonly treeRoot: Int32Array;
  readonly treeOutput: Int32Array;
  /** Per node: split feature (−1 for a leaf), threshold, children, flags, leaf value. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly flags: Uint8Array;
  readonly leafValue: Float64Array;
  /** Divide the sum of trees by the tree count per output (LightGBM random forest). */
  readonly averageOutput: boolean;
}

/** Growable node columns used by the parsers. */
export class NodeColumns {
  feature: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  flags: number[] = [];
  leafValue: number[] = [];

  get length(): number {
    return this.feature.length;
  }

  push(feature: number, threshold: number, left: number, right: number, flags: number, leafValue: number): void {
    this.feature.push(feature);
    this.threshold.push(threshold);
    this.left.push(left);
    this.right.push(right);
    this.flags.push(flags);
    this.leafValue.push(leafValue);
  }
}

export function buildEnsemble(
  head: Pick<TreeEnsemble, 'kind' | 'objective' | 'featureNames' | 'outputCount' | 'link' | 'sigmoidScale' | 'baseMargin' | 'averageOutput'>,
  roots: number[],
  outputs: number[],
  nodes: NodeColumns,
): TreeEnsemble {
  return {
    ...head,
    treeRoot: Int32Array.from(roots),
    treeOutput: Int32Array.from(outputs),
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    flags: Uint8Array.from(nodes.flags),
    leafValue: Float64Array.from(nodes.leafValue),
  };
}
