import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';
import { sharedPath, skipWithoutShared } from '../../../../test/support/sharedData.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-model-cli-'));
const fixture = (name: string): string => sharedPath('expected', 'ml', name);

describe('rampart model inspect / predict on the fixture models', { skip: skipWithoutShared }, () => {
  it('inspect names the kind, objective, 60 trees and the 21 features in order', async () => {
    const run = await cliInProcess(['model', 'inspect', fixture('lgbm_eurusd_1h.txt')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kind\s+lightgbm/);
    assert.match(run.stdout, /objective\s+binary sigmoid:1/);
    assert.match(run.stdout, /trees\s+60 /);
    assert.match(run.stdout, /features\s+21\n\s+0 ret_1\n/);
    assert.match(run.stdout, /20 htf_1d_atr_14_pct/);
  });

  it('predict writes one probability per row equal to the library’s, NaN rows included', async () => {
    const out = join(dir, 'p.csv');
    const run = await cliInProcess(['model', 'predict', '--model', fixture('xgb_eurusd_1h.json'), '--features', fixture('eurusd_1h_features.csv'), '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const got = readFileSync(out, 'utf8').trim().split('\n');
    const expected = readFileSync(fixture('predictions.csv'), 'utf8').trim().split('\n');
    assert.equal(got[0], 'time,probability');
    assert.equal(got.length, expected.length);
    for (let r = 1; r < got.length; r++) {
      const [time, p] = got[r].split(',');
      const [expectedTime, pXgb] = expected[r].split(',');
      assert.equal(time, expectedTime);
      assert.ok(Math.abs(Number(p) - Number(pXgb)) <= 1e-6, `row ${r}: ${p} vs ${pXgb}`);
    }
  });

  it('predict refuses a features file lacking a model feature, naming it (exit 2)', async () => {
    const features = join(dir, 'short.csv');
    writeFileSync(features, 'time,ret_1,ret_4\n2020-01-01T00:00:00Z,0.1,0.2\n');
    const run = await cliInProcess(['model', 'predict', '--model', fixture('xgb_eurusd_1h.json'), '--features', features, '--out', join(dir, 'x.csv')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /lacks 19 of the model's features: ret_12, ret_24/);
  });
});

describe('rampart model inspect on a file that is not a model', () => {
  it('exits 2 naming the file and what was found', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello, this is not a model\n');
    const run = await cliInProcess(['model', 'inspect', file]);
    assert.equal(run.code, 2);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /not a model/);
  });

  it('predict names the line and column of a cell that is not a number (exit 2)', async () => {
    const model = join(dir, 'stump.txt');
    writeFileSync(model, ['tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', 'max_feature_idx=0', 'objective=binary sigmoid:1', 'feature_names=ret_1', '', 'Tree=0', 'num_leaves=1', 'num_cat=0', 'leaf_value=0.1', 'is_linear=0', 'shrinkage=1', '', 'end of trees', ''].join('\n'));
    const features = join(dir, 'bad.csv');
    writeFileSync(features, 'time,ret_1\nt0,0.1\nt1,abc\n');
    const run = await cliInProcess(['model', 'predict', '--model', model, '--features', features, '--out', join(dir, 'y.csv')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /line 3, column ret_1: not a number, was "abc"/);
  });
});
