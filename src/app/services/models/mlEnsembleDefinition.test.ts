import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { createStrategy } from '../loadStrategy.ts';
import { mlEnsembleDefinition } from './mlEnsembleDefinition.ts';

function folderWithModel(features: string[], timeframe = '1h'): string {
  const model = ['tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', `max_feature_idx=${features.length - 1}`, 'objective=binary sigmoid:1', `feature_names=${features.join(' ')}`, '', 'Tree=0', 'num_leaves=1', 'num_cat=0', 'leaf_value=0.1', 'is_linear=0', 'shrinkage=1', '', 'end of trees', ''].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'rampart-ml-definition-'));
  writeFileSync(join(dir, 'm.txt'), model);
  writeFileSync(
    join(dir, 'manifest.yaml'),
    `models:\n  - file: m.txt\n    sha256: ${createHash('sha256').update(model).digest('hex')}\n    timeframe: ${timeframe}\n    features: [${features.join(', ')}]\n    trainingPeriod: {from: "2020-01-01T00:00:00Z", to: "2021-01-01T00:00:00Z"}\n    acceptedMetrics: {sharpe: 0.3, profitFactor: 1.4, winRate: 0.55}\n`,
  );
  return dir;
}

const params = { manifest: 'manifest.yaml', models: [{ file: 'm.txt' }], takeProfitAtr: 1.4, stopLossAtr: 1 };

describe('ml_ensemble from a config', () => {
  it('creates the strategy from a manifest whose model and features check out', () => {
    const strategy = createStrategy(mlEnsembleDefinition(folderWithModel(['ret_1', 'rsi_14']), '1h'), params, 'sleeves[0].params');
    assert.equal(strategy.name, 'ml_ensemble');
  });

  it('refuses a model needing a feature the pipeline does not compute, naming the manifest and the feature', () => {
    const dir = folderWithModel(['ret_1', 'macd_hist']);
    assert.throws(
      () => createStrategy(mlEnsembleDefinition(dir, '1h'), params, 'sleeves[0].params'),
      (error: unknown) => error instanceof InputError && error.message.includes(join(dir, 'manifest.yaml')) && /unknown feature "macd_hist"/.test(error.message),
    );
  });

  it('refuses a model whose timeframe is below the sleeve’s bars', () => {
    assert.throws(() => createStrategy(mlEnsembleDefinition(folderWithModel(['ret_1'], '15m'), '1h'), params, 'sleeves[0].params'), /must be the sleeve's bars \(60 min\) or a whole multiple/);
  });

  it('refuses take_profit_or_stop exits without both ATR multiples, naming the key path', () => {
    assert.throws(
      () => createStrategy(mlEnsembleDefinition(folderWithModel(['ret_1']), '1h'), { manifest: 'manifest.yaml', models: [{ file: 'm.txt' }] }, 'sleeves[0].params'),
      (error: unknown) => error instanceof InputError && error.details.keyPath === 'sleeves[0].params.exitOn',
    );
  });
});
