import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { skipWithoutShared } from '../../../test/support/sharedData.ts';
import { mlFixturePath, readNumericCsv, rowMajor } from './testing/mlFixture.ts';
import { parseModel } from './parseModel.ts';
import { predictPositive } from './predictTreeEnsemble.ts';

describe('tree ensembles against the libraries’ own predictions (../shared/expected/ml)', { skip: skipWithoutShared }, () => {
  const cases = [
    { file: 'xgb_eurusd_1h.json', column: 'p_xgb', kind: 'xgboost' },
    { file: 'lgbm_eurusd_1h.txt', column: 'p_lgbm', kind: 'lightgbm' },
  ] as const;
  for (const { file, column, kind } of cases) {
    it(`${file} predicts ${column} within 1e-6 for all 5,000 rows, NaN rows included`, () => {
      const model = parseModel(readFileSync(mlFixturePath(file), 'utf8'));
      assert.equal(model.kind, kind);
      const features = readNumericCsv(mlFixturePath('eurusd_1h_features.csv'));
      const expected = readNumericCsv(mlFixturePath('predictions.csv')).columns.get(column) as Float64Array;
      const matrix = rowMajor(features, model.featureNames);
      const got = new Float64Array(features.rows);
      predictPositive(model, matrix, features.rows, got);
      assert.equal(features.rows, 5000);
      let nanRows = 0;
      let worst = 0;
      let worstRow = -1;
      for (let r = 0; r < features.rows; r++) {
        const width = model.featureNames.length;
        if (matrix.subarray(r * width, (r + 1) * width).some(Number.isNaN)) nanRows++;
        const error = Math.abs(got[r] - expected[r]);
        if (!(error <= worst)) {
          worst = error;
          worstRow = r;
        }
      }
      assert.ok(nanRows > 0, 'the fixture has rows with missing features, so the missing-value routing is exercised');
      assert.ok(worst <= 1e-6, `worst error ${worst} at row ${worstRow} (${features.times[worstRow]}): got ${got[worstRow]}, library ${expected[worstRow]}`);
    });
  }
});
