import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bar, Signal } from '../strategy.ts';
import { MlEnsemble, mlEnsembleParamsSchema, type EnsembleMember } from './mlEnsemble.ts';
import { parseModel } from './parseModel.ts';

const M5 = 300_000;

/** A LightGBM stump on `feature`: margin +2 above 0 (p ≈ 0.881), −2 at or below (p ≈ 0.119); NaN is missing and goes right. */
function stump(feature: string): EnsembleMember['model'] {
  return parseModel(
    ['tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', 'max_feature_idx=0', 'objective=binary sigmoid:1', `feature_names=${feature}`, '', 'Tree=0', 'num_leaves=2', 'num_cat=0', 'split_feature=0', 'threshold=0', 'decision_type=8', 'left_child=-1', 'right_child=-2', 'leaf_value=-2 2', 'is_linear=0', 'shrinkage=1', '', 'end of trees', ''].join('\n'),
  );
}

const UP = 1 / (1 + Math.exp(-2));

function ensemble(members: EnsembleMember[], overrides: Record<string, unknown> = {}): MlEnsemble {
  const params = mlEnsembleParamsSchema.parse({ manifest: 'm.yaml', models: [{ file: 'a' }], takeProfitAtr: 1.4, stopLossAtr: 1, warmupBars: 0, ...overrides });
  return new MlEnsemble(params, members, M5);
}

function step(strategy: MlEnsemble, index: number, close: number, side = 0): Signal {
  const bar: Bar = { time: index * M5, open: close, high: close + 0.5, low: close - 0.5, close, volume: 1 };
  const signal: Signal = { target: side, stopDistance: Number.NaN, takeProfitDistance: Number.NaN, confidence: Number.NaN };
  strategy.onBar(bar, { side, target: side, barsHeld: side === 0 ? 0 : 1 }, signal);
  return signal;
}

describe('ml_ensemble', () => {
  it('refuses to decide while a model’s features are all missing, and says why (fail closed)', () => {
    const strategy = ensemble([{ name: 'ret.txt', model: stump('ret_1'), weight: 1, timeframeMs: M5, upClass: 0 }]);
    const signal = step(strategy, 0, 100);
    assert.equal(signal.target, 0, 'no position from a model that saw no feature');
    assert.ok(Number.isNaN(strategy.probability));
    assert.match(strategy.lastRefusal?.reason ?? '', /model ret.txt: every feature is missing \(NaN\); no new position/);
    const next = step(strategy, 1, 101);
    assert.equal(strategy.lastRefusal, undefined, 'a bar with features decides again');
    assert.equal(next.target, 1);
  });

  it('goes long above minConfidence with the probability as confidence and ATR-based take-profit and stop', () => {
    const strategy = ensemble([{ name: 'a', model: stump('ret_1'), weight: 1, timeframeMs: M5, upClass: 0 }], { minConfidence: 0.6 });
    step(strategy, 0, 100);
    const signal = step(strategy, 1, 101);
    assert.equal(signal.target, 1);
    assert.ok(Math.abs(signal.confidence - UP) < 1e-12);
    // Wilder ATR(14) from the first bar: TR 1, then max(1, |101.5 − 100|) = 1.5 → 1 + 0.5/14.
    const atr = 1 + 0.5 / 14;
    assert.ok(Math.abs(signal.stopDistance - atr) < 1e-12 && Math.abs(signal.takeProfitDistance - 1.4 * atr) < 1e-12);
  });

  it('goes short below 1 − minConfidence with confidence 1 − p, and holds a position until its exit', () => {
    const strategy = ensemble([{ name: 'a', model: stump('ret_1'), weight: 1, timeframeMs: M5, upClass: 0 }]);
    step(strategy, 0, 100);
    const signal = step(strategy, 1, 99);
    assert.equal(signal.target, -1);
    assert.ok(Math.abs(signal.confidence - UP) < 1e-12);
    const held = step(strategy, 2, 101, -1);
    assert.equal(held.target, -1, 'take_profit_or_stop: an up signal does not close the short');
  });

  it('combines members by weighted mean probability: flat between the thresholds', () => {
    const strategy = ensemble([
      { name: 'up', model: stump('ret_1'), weight: 1, timeframeMs: M5, upClass: 0 },
      { name: 'down', model: stump('close_pos'), weight: 1, timeframeMs: M5, upClass: 0 },
    ]);
    step(strategy, 0, 100);
    step(strategy, 1, 101);
    // ret_1 > 0 says up; close_pos = 0.5 > 0 says up too; the mean is UP.
    assert.ok(Math.abs(strategy.probability - UP) < 1e-12);
    const strategy2 = ensemble([
      { name: 'up', model: stump('ret_1'), weight: 3, timeframeMs: M5, upClass: 0 },
      { name: 'down', model: stump('ret_2'), weight: 1, timeframeMs: M5, upClass: 0 },
    ]);
    step(strategy2, 0, 100);
    step(strategy2, 1, 101);
    step(strategy2, 2, 100.5);
    // ret_1 < 0 (down, 0.119), ret_2 > 0 (up, 0.881): (3 × 0.119 + 0.881) / 4 ≈ 0.31 → short.
    assert.ok(Math.abs(strategy2.probability - (3 * (1 - UP) + UP) / 4) < 1e-12);
  });

  it('evaluates a higher-timeframe member only on completed bars of its timeframe', () => {
    const strategy = ensemble([{ name: '15m', model: stump('ret_1'), weight: 1, timeframeMs: 3 * M5, upClass: 0 }]);
    const seen: number[] = [];
    // 15m buckets: bars 0–2, 3–5, 6–8. Closes rise in the second bucket and fall in the third.
    [100, 100, 100, 101, 102, 103, 102, 101, 99].forEach((close, i) => {
      step(strategy, i, close);
      seen.push(strategy.probability);
    });
    assert.ok(seen.slice(0, 5).every(Number.isNaN), 'no probability before the second 15m bar completes (ret_1 needs two)');
    assert.ok(Math.abs(seen[5] - UP) < 1e-12 && Math.abs(seen[7] - UP) < 1e-12, 'the 3–5 bucket (up) holds until the next completes');
    assert.ok(Math.abs(seen[8] - (1 - UP)) < 1e-12, 'the 6–8 bucket (down) is seen at its last bar');
  });

  it('stops signalling entries after maxDailyTrades in a UTC day', () => {
    const strategy = ensemble([{ name: 'a', model: stump('ret_1'), weight: 1, timeframeMs: M5, upClass: 0 }], { maxDailyTrades: 2, exitOn: 'signal' });
    step(strategy, 0, 100);
    const targets = [101, 100, 101, 100, 101].map((close, i) => step(strategy, i + 1, close).target);
    // Long, short (two entries from flat), then nothing new from flat that day.
    assert.deepEqual(targets, [1, -1, 0, 0, 0]);
  });
});
