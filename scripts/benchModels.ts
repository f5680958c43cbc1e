// `npm run bench` rows for the ML path: model evaluation rows/s (the fixture's XGBoost and LightGBM
// models, and a synthetic 500-tree depth-6 model), the feature pipeline's cost per bar, and one
// ml_ensemble decision (features + both models) per bar. Prints lines; bench.mjs indents them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseModel } from '../src/strategy/ml/parseModel.ts';
import { predictPositive } from '../src/strategy/ml/predictTreeEnsemble.ts';
import { featureColumns } from '../src/strategy/ml/features/featureColumns.ts';
import { FeaturePipeline } from '../src/strategy/ml/features/featurePipeline.ts';
import { MlEnsemble, mlEnsembleParamsSchema } from '../src/strategy/ml/mlEnsemble.ts';
import type { TreeEnsemble } from '../src/strategy/ml/treeEnsemble.ts';
import type { Bar, Signal } from '../src/strategy/strategy.ts';
import { sharedDir } from '../test/support/sharedData.ts';
import { readEurusdBars } from '../src/strategy/ml/testing/mlFixture.ts';

const HOUR_MS = 3_600_000;

/** Repeats `run` (which handles `units` items) for at least `minMs`; returns items per second. */
function rate(units: number, run: () => void, minMs = 400): number {
  run();
  let done = 0;
  const start = performance.now();
  do {
    run();
    done += units;
  } while (performance.now() - start < minMs);
  return done / ((performance.now() - start) / 1000);
}

/** A deterministic XGBoost JSON booster of `trees` full trees of `depth` over `features` features. */
function syntheticXgboost(trees: number, depth: number, features: number): string {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const internal = 2 ** depth - 1;
  const nodes = 2 * internal + 1;
  const list = Array.from({ length: trees }, () => {
    const left: number[] = [], right: number[] = [], split: number[] = [], cond: number[] = [], dl: number[] = [];
    for (let n = 0; n < nodes; n++) {
      const leaf = n >= internal;
      left.push(leaf ? -1 : 2 * n + 1);
      right.push(leaf ? -1 : 2 * n + 2);
      split.push(leaf ? 0 : Math.floor(random() * features));
      cond.push(leaf ? (random() - 0.5) * 0.1 : (random() - 0.5) * 2);
      dl.push(random() < 0.5 ? 1 : 0);
    }
    return { left_children: left, right_children: right, split_indices: split, split_conditions: cond, default_left: dl };
  });
  return JSON.stringify({
    learner: {
      feature_names: Array.from({ length: features }, (_, i) => `f${i}`),
      objective: { name: 'binary:logistic' },
      learner_model_param: { base_score: '5E-1', num_class: '0', num_feature: String(features) },
      gradient_booster: { name: 'gbtree', model: { tree_info: list.map(() => 0), trees: list } },
    },
  });
}

function modelRow(label: string, model: TreeEnsemble, matrix: Float64Array, rows: number): void {
  const out = new Float64Array(rows);
  const perSecond = rate(rows, () => predictPositive(model, matrix, rows, out));
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString("en-US").padStart(9)} rows/s  (${model.treeRoot.length} trees, ${model.featureNames.length} features)`);
}

const rows = 5_000;
const synthetic = parseModel(syntheticXgboost(500, 6, 21));
let seed = 3;
const randomMatrix = Float64Array.from({ length: rows * 21 }, () => ((seed = (seed * 69_069 + 1) % 4_294_967_296) / 4_294_967_296) * 2 - 1);
if (sharedDir === undefined) {
  console.log('fixture models: skipped (../shared is absent)');
  modelRow('synthetic XGBoost, 500 trees of depth 6', synthetic, randomMatrix, rows);
} else {
  const fixture = (name: string) => readFileSync(join(sharedDir as string, 'expected', 'ml', name), 'utf8');
  const xgb = parseModel(fixture('xgb_eurusd_1h.json'));
  const lgbm = parseModel(fixture('lgbm_eurusd_1h.txt'));
  const bars = readEurusdBars();
  const columns = featureColumns(xgb.featureNames, bars, HOUR_MS);
  const matrix = new Float64Array(bars.time.length * xgb.featureNames.length);
  columns.forEach((column, c) => column.forEach((value, r) => (matrix[r * columns.length + c] = value)));
  modelRow('fixture XGBoost 1.7 (EURUSD 1h features)', xgb, matrix, bars.time.length);
  modelRow('fixture LightGBM 4.7 (EURUSD 1h features)', lgbm, matrix, bars.time.length);
  modelRow('synthetic XGBoost, 500 trees of depth 6', synthetic, randomMatrix, rows);

  const bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const load = (i: number) => {
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume[i];
  };
  const n = bars.time.length;
  const pipelineRate = rate(n, () => {
    const pipeline = new FeaturePipeline(xgb.featureNames, HOUR_MS);
    for (let i = 0; i < n; i++) {
      load(i);
      pipeline.update(bar);
    }
  });
  console.log(`${'feature pipeline, the 21 fixture features'.padEnd(44)} ${(1e9 / pipelineRate).toFixed(0).padStart(6)} ns/bar`);
  const params = mlEnsembleParamsSchema.parse({ manifest: 'bench', models: [{ file: 'xgb' }, { file: 'lgbm' }], takeProfitAtr: 1.4, stopLossAtr: 1 });
  const signal: Signal = { target: 0, stopDistance: Number.NaN, takeProfitDistance: Number.NaN, confidence: Number.NaN };
  const position = { side: 0, target: 0, barsHeld: 0 };
  const decisionRate = rate(n, () => {
    const strategy = new MlEnsemble(params, [
      { name: 'xgb', model: xgb, weight: 1, timeframeMs: HOUR_MS, upClass: 0 },
      { name: 'lgbm', model: lgbm, weight: 1, timeframeMs: HOUR_MS, upClass: 0 },
    ], HOUR_MS);
    for (let i = 0; i < n; i++) {
      load(i);
      strategy.onBar(bar, position, signal);
    }
  });
  console.log(`${'ml_ensemble decision (features + 2 models)'.padEnd(44)} ${(1e6 / decisionRate).toFixed(1).padStart(6)} µs/bar  (runbook budget 250 ms)`);
}
