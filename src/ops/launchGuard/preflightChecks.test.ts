import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchPasses } from './launchChecks.ts';
import { evaluatePreflightChecks, statusOf, type PreflightObservations } from './preflightChecks.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2026, 11, 5, 12);
const healthy: PreflightObservations = {
  account: 'main',
  nowMs: NOW_MS,
  balance: 5_200,
  stageCapital: 5_000,
  stageName: '1',
  configHash: { pinned: 'a'.repeat(64), actual: 'a'.repeat(64), file: 'config/r1-ensemble.yaml' },
  data: [{ sleeve: 'BTC', symbol: 'BTCUSDT', lastBarCloseMs: NOW_MS - HOUR_MS, largestGapMs: HOUR_MS }],
  maxDataAgeMs: 2 * HOUR_MS,
  maxGapMs: 3 * HOUR_MS,
  tradingState: 'ACTIVE',
  openCriticalIncidents: 0,
  reconciliation: { ok: true, detail: 'store and venue agree' },
  testnetTrades: { count: 3, required: 3 },
};

const cases: Array<{ name: string; change: Partial<PreflightObservations>; failing: string | string[]; detail: RegExp }> = [
  { name: 'a balance under the stage capital', change: { balance: 4_999 }, failing: 'balance covers the stage capital', detail: /4999 USDT \(stage 1 needs 5000\)/ },
  { name: 'an unread balance', change: { balance: undefined }, failing: 'balance covers the stage capital', detail: /not read/ },
  { name: 'a changed config byte', change: { configHash: { pinned: 'a'.repeat(64), actual: 'b'.repeat(64), file: 'config/r1-ensemble.yaml' } }, failing: 'config hash pinned', detail: /git checkout -- config\/r1-ensemble\.yaml/ },
  { name: 'stale data', change: { data: [{ sleeve: 'BTC', symbol: 'BTCUSDT', lastBarCloseMs: NOW_MS - 2 * HOUR_MS, largestGapMs: HOUR_MS }] }, failing: 'BTC data fresh', detail: /2\.00 h ago \(bound 2\.00 h\)/ },
  { name: 'no data at all', change: { data: [{ sleeve: 'BTC', symbol: 'BTCUSDT', lastBarCloseMs: undefined, largestGapMs: undefined }] }, failing: ['BTC data fresh', 'BTC data without gaps'], detail: /no BTCUSDT bars/ },
  { name: 'a gap', change: { data: [{ sleeve: 'BTC', symbol: 'BTCUSDT', lastBarCloseMs: NOW_MS - HOUR_MS, largestGapMs: 4 * HOUR_MS }] }, failing: 'BTC data without gaps', detail: /4\.00 h \(bound 3\.00 h\)/ },
  { name: 'a HALTED account', change: { tradingState: 'HALTED' }, failing: 'trading state ACTIVE', detail: /HALTED: reset/ },
  { name: 'an open critical incident', change: { openCriticalIncidents: 2 }, failing: 'no open incident', detail: /2 critical/ },
  { name: 'an unreconciled position', change: { reconciliation: { ok: false, detail: 'position BTCUSDT: store 0.01, venue 0' } }, failing: 'store reconciled with the venue', detail: /store 0\.01, venue 0/ },
  { name: 'no comparison with the venue', change: { reconciliation: undefined }, failing: 'store reconciled with the venue', detail: /not compared/ },
  { name: 'too few testnet trades', change: { testnetTrades: { count: 2, required: 3 } }, failing: 'testnet trades', detail: /2 filled on the testnet \(at least 3/ },
];

describe('evaluatePreflightChecks', () => {
  test('passes a healthy account, every check PASS', () => {
    const checks = evaluatePreflightChecks(healthy);
    assert.ok(launchPasses(checks));
    assert.deepEqual(checks.map(statusOf).filter((status) => status !== 'PASS'), []);
  });

  for (const { name, change, failing, detail } of cases) {
    test(`fails ${name}, naming the check with its value and bound`, () => {
      const checks = evaluatePreflightChecks({ ...healthy, ...change });
      const failed = checks.filter((check) => statusOf(check) === 'FAIL');
      assert.deepEqual(failed.map((check) => check.name), [failing].flat());
      assert.match(failed[0].detail, detail);
      assert.equal(launchPasses(checks), false);
    });
  }

  test('a soft failure reads as WARN and does not block', () => {
    assert.equal(statusOf({ name: 'x', severity: 'soft', scope: 'account', ok: false, detail: '' }), 'WARN');
    assert.equal(statusOf({ name: 'x', severity: 'hard', scope: 'account', ok: false, detail: '' }), 'FAIL');
  });
});
