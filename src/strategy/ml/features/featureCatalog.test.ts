import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FeaturePipeline } from './featurePipeline.ts';

describe('feature names', () => {
  it('accepts the usual families with their parameters in the name', () => {
    const pipeline = new FeaturePipeline(['ret_3', 'ema_ratio_5_20', 'rsi_7', 'atr_10_pct', 'std_12', 'range_pct', 'close_pos', 'hour_sin', 'session_ny', 'htf_1d_rsi_14'], 3_600_000);
    assert.equal(pipeline.values.length, 10);
  });

  it('refuses an unknown feature, listing what the pipeline computes', () => {
    assert.throws(() => new FeaturePipeline(['ret_1', 'macd_hist'], 3_600_000), /unknown feature "macd_hist": the pipeline computes ret_N, ema_ratio_A_B/);
  });

  it('refuses a higher timeframe that is not a multiple above the base bars', () => {
    assert.throws(() => new FeaturePipeline(['htf_90m_ret_1'], 3_600_000), /must be a whole multiple above the base bars/);
  });
});
