import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { loadVerifiedModel } from './loadVerifiedModels.ts';

const MODEL = [
  'tree',
  'version=v4',
  'num_class=1',
  'num_tree_per_iteration=1',
  'label_index=0',
  'max_feature_idx=1',
  'objective=binary sigmoid:1',
  'feature_names=ret_1 rsi_14',
  '',
  'Tree=0',
  'num_leaves=2',
  'num_cat=0',
  'split_feature=1',
  'threshold=50',
  'decision_type=8',
  'left_child=-1',
  'right_child=-2',
  'leaf_value=-0.5 0.5',
  'is_linear=0',
  'shrinkage=1',
  '',
  'end of trees',
  '',
].join('\n');

function folder(features: string[], sha256?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-manifest-'));
  writeFileSync(join(dir, 'm.txt'), MODEL);
  const hash = sha256 ?? createHash('sha256').update(MODEL).digest('hex');
  writeFileSync(
    join(dir, 'manifest.yaml'),
    [
      'models:',
      '  - file: m.txt',
      `    sha256: ${hash}`,
      '    timeframe: 1h',
      `    features: [${features.join(', ')}]`,
      '    trainingPeriod: {from: "2017-04-19T09:00:00Z", to: "2017-09-12T00:00:00Z"}',
      '    acceptedMetrics: {sharpe: 0.25, profitFactor: 1.3, winRate: 0.54}',
      '',
    ].join('\n'),
  );
  return join(dir, 'manifest.yaml');
}

describe('a model checked against its manifest', () => {
  it('loads when the hash and the feature list match', () => {
    const verified = loadVerifiedModel(folder(['ret_1', 'rsi_14']), 'm.txt');
    assert.equal(verified.entry.timeframe, '1h');
    assert.deepEqual(verified.model.featureNames, ['ret_1', 'rsi_14']);
  });

  it('refuses a file whose SHA-256 is not the manifest’s, naming the key path', () => {
    assert.throws(
      () => loadVerifiedModel(folder(['ret_1', 'rsi_14'], 'a'.repeat(64)), 'm.txt'),
      (error: unknown) => error instanceof InputError && /does not match the manifest's a{64}/.test(error.message) && error.details.keyPath === 'models[0].sha256',
    );
  });

  it('refuses a model whose features are in another order than the manifest’s', () => {
    assert.throws(
      () => loadVerifiedModel(folder(['rsi_14', 'ret_1']), 'm.txt'),
      (error: unknown) => error instanceof InputError && /feature 0 is ret_1 in the model, rsi_14 in the manifest/.test(error.message) && error.details.keyPath === 'models[0].features',
    );
  });

  it('refuses a file the manifest does not list', () => {
    assert.throws(() => loadVerifiedModel(folder(['ret_1', 'rsi_14']), 'other.json'), /not listed in the manifest/);
  });
});
