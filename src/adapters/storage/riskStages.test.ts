import assert from 'node:assert/strict';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import type { RiskStageRecord } from '../../ports/tradeStore.ts';
import { DryRunTradeStore } from './dryRunTradeStore.ts';

// Issue 19 (staged risk): the risk_stages records on both engines, and through DryRunTradeStore (RunnerStore delegates; the live runner test reads through it).

const step = (sleeve: string, atMs: number, stepIndex: number, riskPerTrade: number): RiskStageRecord => ({ account: 'main', sleeve, atMs, stepIndex, riskPerTrade, how: 'advance', reason: 'week 2', actor: 'alice', detail: { verdict: 'ADVANCE_ELIGIBLE', advance: [{ name: 'trades', value: 12, bound: 10 }] } });

eachStoreKind('risk stages', async (open) => {
  const store = await open();
  await store.recordRiskStage(step('BTC', 2_000, 2, 0.005));
  await store.recordRiskStage(step('BTC', 1_000, 1, 0.0025));
  await store.recordRiskStage(step('ETH', 1_500, 1, 0.0025));
  assert.deepEqual((await store.listRiskStages({ account: 'main', sleeve: 'BTC' })).map((record) => [record.atMs, record.stepIndex, record.riskPerTrade]), [[1_000, 1, 0.0025], [2_000, 2, 0.005]], 'oldest first, by sleeve');
  assert.deepEqual((await store.listRiskStages({ sleeve: 'ETH' }))[0], step('ETH', 1_500, 1, 0.0025), 'read back field for field, evidence included');
  await assert.rejects(store.recordRiskStage({ ...step('BTC', 3_000, 0, 0.001), riskPerTrade: Number.NaN }), /riskStage\.riskPerTrade must be in \(0, 1\)/);
  await assert.rejects(store.recordRiskStage({ ...step('BTC', 3_000, 0, 0.001), reason: '' }), /riskStage\.reason must be a non-empty string/);

  assert.equal((await (await open()).listRiskStages({ sleeve: 'BTC' })).length, 2, 'kept across a reopen');
  const dry = new DryRunTradeStore(store);
  await dry.recordRiskStage(step('SOL', 4_000, 1, 0.0025));
  assert.deepEqual((await dry.listRiskStages({ sleeve: 'SOL' })).map((record) => record.stepIndex), [1], 'a dry run sees its own step');
  assert.deepEqual(await store.listRiskStages({ sleeve: 'SOL' }), [], 'and writes nothing to the real store');
});
