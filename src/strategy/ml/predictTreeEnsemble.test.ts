import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel } from './parseModel.ts';
import { predictMargin, predictRow } from './predictTreeEnsemble.ts';

/** An XGBoost JSON booster from trees of [feature, threshold, defaultLeft, leftLeaf, rightLeaf]. */
function xgbStumps(objective: string, stumps: [number, number, number, number, number][], extra: { numClass?: number; treeInfo?: number[]; baseScore?: string } = {}): string {
  return JSON.stringify({
    learner: {
      feature_names: ['a', 'b'],
      objective: { name: objective },
      learner_model_param: { base_score: extra.baseScore ?? '5E-1', num_class: String(extra.numClass ?? 0), num_feature: '2' },
      gradient_booster: {
        name: 'gbtree',
        model: {
          tree_info: extra.treeInfo ?? stumps.map(() => 0),
          trees: stumps.map(([feature, threshold, defaultLeft, leftLeaf, rightLeaf]) => ({
            left_children: [1, -1, -1],
            right_children: [2, -1, -1],
            split_indices: [feature, 0, 0],
            split_conditions: [threshold, leftLeaf, rightLeaf],
            default_left: [defaultLeft, 0, 0],
          })),
        },
      },
    },
  });
}

/** A LightGBM text model of one stump with the given decision_type. */
function lgbmStump(decisionType: number, threshold: number, objective = 'binary sigmoid:1'): string {
  return [
    'tree',
    'version=v4',
    'num_class=1',
    'num_tree_per_iteration=1',
    'label_index=0',
    'max_feature_idx=1',
    `objective=${objective}`,
    'feature_names=a b',
    '',
    'Tree=0',
    'num_leaves=2',
    'num_cat=0',
    'split_feature=0',
    `threshold=${threshold}`,
    `decision_type=${decisionType}`,
    'left_child=-1',
    'right_child=-2',
    'leaf_value=-1 1',
    'is_linear=0',
    'shrinkage=1',
    '',
    'end of trees',
    '',
  ].join('\n');
}

const out = new Float64Array(3);
const margin = (text: string, a: number, b = 0): number => {
  predictMargin(parseModel(text), [a, b], 0, out);
  return out[0];
};

describe('XGBoost split rule', () => {
  it('sends a missing value (NaN) the default direction of each split', () => {
    assert.equal(margin(xgbStumps('reg:squarederror', [[0, 0.5, 1, -1, 1]], { baseScore: '0' }), Number.NaN), -1, 'default_left 1 goes left');
    assert.equal(margin(xgbStumps('reg:squarederror', [[0, 0.5, 0, -1, 1]], { baseScore: '0' }), Number.NaN), 1, 'default_left 0 goes right');
  });

  it('compares the feature rounded to float32 with the float32 threshold, as XGBoost does', () => {
    // 0.1 as float32 is 0.100000001490116…; the double 0.1 is below it, its float32 rounding is not.
    assert.equal(margin(xgbStumps('reg:squarederror', [[0, 0.1, 0, -1, 1]], { baseScore: '0' }), 0.1), 1);
    assert.equal(margin(xgbStumps('reg:squarederror', [[0, 0.1, 0, -1, 1]], { baseScore: '0' }), 0.09999), -1);
  });

  it('adds base_score as a logit for binary:logistic and applies the sigmoid', () => {
    const model = parseModel(xgbStumps('binary:logistic', [[0, 0.5, 0, -1, 1]], { baseScore: '0.8' }));
    predictRow(model, [1, 0], 0, out);
    assert.ok(Math.abs(out[0] - 1 / (1 + Math.exp(-(Math.log(4) + 1)))) < 1e-12);
  });

  it('reads an XGBoost 2.1 base_score written as a vector', () => {
    const model = parseModel(xgbStumps('binary:logistic', [[0, 0.5, 0, -1, 1]], { baseScore: '[8E-1]' }));
    assert.ok(Math.abs(model.baseMargin - Math.log(4)) < 1e-12);
  });

  it('spreads multi:softprob trees over the classes by tree_info and normalises with softmax', () => {
    const model = parseModel(xgbStumps('multi:softprob', [[0, 0.5, 0, 0, 1], [0, 0.5, 0, 2, 0], [1, 0.5, 0, 0, 3]], { numClass: 3, treeInfo: [0, 1, 2] }));
    assert.equal(model.outputCount, 3);
    predictRow(model, [0, 1], 0, out);
    const z = [0.5, 2.5, 3.5].map(Math.exp);
    const sum = z[0] + z[1] + z[2];
    z.forEach((value, k) => assert.ok(Math.abs(out[k] - value / sum) < 1e-12, `class ${k}`));
  });
});

describe('LightGBM split rule', () => {
  it('goes left when x ≤ threshold (doubles, no float32 rounding)', () => {
    assert.equal(margin(lgbmStump(8, 0.1, 'regression'), 0.1), -1);
    assert.equal(margin(lgbmStump(8, 0.1, 'regression'), 0.10000000000000002), 1);
  });

  it('routes NaN by the default-left bit when the missing type is NaN (decision_type 8 / 10)', () => {
    assert.equal(margin(lgbmStump(8, -5, 'regression'), Number.NaN), 1, 'default right');
    assert.equal(margin(lgbmStump(10, 5, 'regression'), Number.NaN), -1, 'default left');
  });

  it('reads NaN as 0 when the missing type is None (decision_type 0)', () => {
    assert.equal(margin(lgbmStump(0, 0.5, 'regression'), Number.NaN), -1, '0 ≤ 0.5');
    assert.equal(margin(lgbmStump(0, -0.5, 'regression'), Number.NaN), 1, '0 > −0.5');
  });

  it('treats zero and NaN as missing when the missing type is Zero (decision_type 4 / 6)', () => {
    assert.equal(margin(lgbmStump(4, -5, 'regression'), 0), 1, 'zero goes default right although 0 > −5 would too');
    assert.equal(margin(lgbmStump(6, -5, 'regression'), 0), -1, 'zero goes default left although 0 > −5');
    assert.equal(margin(lgbmStump(6, -5, 'regression'), Number.NaN), -1, 'NaN is zero, and zero is missing');
    assert.equal(margin(lgbmStump(6, -5, 'regression'), 1e-3), 1, 'a non-zero value compares');
  });

  it('scales the margin by the objective’s sigmoid parameter', () => {
    const model = parseModel(lgbmStump(8, 0, 'binary sigmoid:2'));
    predictRow(model, [1, 0], 0, out);
    assert.ok(Math.abs(out[0] - 1 / (1 + Math.exp(-2))) < 1e-12);
  });
});

describe('parseModel refuses what it cannot evaluate', () => {
  const cases: [string, string, RegExp][] = [
    ['a CSV file', 'time,a,b\n1,2,3\n', /not a model/],
    ['JSON that is not a booster', '{"hello": 1}', /no "learner" object/],
    ['an XGBoost objective it does not know', xgbStumps('rank:pairwise', [[0, 0.5, 0, -1, 1]]), /objective rank:pairwise is not supported/],
    ['a LightGBM file cut short', lgbmStump(8, 0).replace('end of trees', ''), /cut short/],
    ['a LightGBM categorical split', lgbmStump(8, 0).replace('num_cat=0', 'num_cat=1'), /categorical/],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what}`, () => assert.throws(() => parseModel(text), message));
  }
});
