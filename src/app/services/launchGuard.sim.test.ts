import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ACCOUNT } from '../wiring/liveTestSupport.ts';
import { startGateFixture, type GateFixture, type GateFixtureOptions } from '../wiring/gateTestSupport.ts';
import { runLaunchGuard, type LaunchGuardReport } from './launchGuard.ts';

// Issue 14: the launch guard over a store filled with a paper record and a live session's entry at the
// local venue: ALLOW_LAUNCH when every condition holds, BLOCK_LAUNCH naming each broken HARD condition.

async function guard(options: GateFixtureOptions, breakIt: (fixture: GateFixture) => Promise<void> | void = () => undefined): Promise<{ report: LaunchGuardReport; stored: unknown[] }> {
  const fixture = await startGateFixture(options);
  try {
    await breakIt(fixture);
    const report = await runLaunchGuard(fixture.input());
    const stored = (await fixture.harness.store.listGoLive({ account: ACCOUNT, kind: 'LAUNCH_DECISION' })).map((record) => record.detail);
    return { report, stored };
  } finally {
    await fixture.close();
  }
}

function assertBlockedBy(report: LaunchGuardReport, name: RegExp, detail: RegExp): void {
  assert.equal(report.decision, 'BLOCK_LAUNCH', `expected a block, HARD: ${JSON.stringify(report.hard)}`);
  assert.ok(report.hard.some((finding) => name.test(finding.name) && detail.test(finding.detail)), `a HARD finding ${name} with ${detail}; HARD: ${JSON.stringify(report.hard)}`);
}

describe('launch guard over a paper record and a live session at the local venue', () => {
  test('ALLOW_LAUNCH when every HARD check and the paper stage exit hold; the decision and its inputs are stored', async () => {
    const { report, stored } = await guard({});
    assert.deepEqual(report.hard, [], 'no HARD failure');
    assert.equal(report.decision, 'ALLOW_LAUNCH');
    assert.equal(report.stage.stage, 1, 'a paper account is about to enter stage 1');
    assert.ok(report.entry.some((verdict) => /stage 0 exit: sharpe30d > -0\.3: \d/.test(verdict.text) && verdict.met), 'the paper Sharpe was measured and met');
    assert.ok(report.soft.some((finding) => /team member/.test(finding.detail)), "the stage's attestation is a SOFT line");
    assert.equal(stored.length, 1);
    assert.equal((stored[0] as { decision: string }).decision, 'ALLOW_LAUNCH');
    assert.ok(((stored[0] as { checks: unknown[] }).checks.length ?? 0) > 10, 'the checks it judged are stored with it');
  });

  test("reads the paper stage's record from the paper runner's own store when one is given", async () => {
    const { report } = await guard({ paperInOwnStore: true });
    assert.equal(report.decision, 'ALLOW_LAUNCH', JSON.stringify(report.hard));
    assert.ok(report.entry.some((verdict) => /stage 0 exit: daysInStage >= 30: 3\d/.test(verdict.text) && verdict.met), 'the 35-day paper record came from the paper store');
  });

  test("ALLOW_LAUNCH on the record of a real paper session (one evaluation per hourly bar for 35 days) in the paper runner's store", async () => {
    const { report } = await guard({ paperSession: true });
    assert.equal(report.decision, 'ALLOW_LAUNCH', JSON.stringify(report.hard));
    const judged = report.entry.map((verdict) => verdict.text).join('; ');
    assert.match(judged, /stage 0 exit: daysInStage >= 30: 3\d; stage 0 exit: sharpe30d > -0\.3: -?\d[\d.]*; stage 0 exit: maxDrawdown30dPct < 12: \d/, 'every paper criterion measured on the session');
  });

  test('BLOCK_LAUNCH on stale data', async () => {
    const { report } = await guard({ dataEndsHoursAgo: 3 });
    assertBlockedBy(report, /btc data fresh/, /3\.0\d h ago \(bound 2\.00 h\)/);
  });

  test('BLOCK_LAUNCH on a gap of 4 h within 30 days', async () => {
    const { report } = await guard({ gapHours: 4 });
    assertBlockedBy(report, /btc data without gaps/, /4\.00 h \(bound 3\.00 h\)/);
  });

  test('BLOCK_LAUNCH on a changed config byte, naming both hashes and the git checkout', async () => {
    const { report } = await guard({}, (fixture) => appendFileSync(fixture.harness.loaded.path, ' '));
    assertBlockedBy(report, /config hash pinned/, /git checkout -- config\.yaml/);
  });

  test('BLOCK_LAUNCH on clock skew beyond 100 ms', async () => {
    const { report } = await guard({}, (fixture) => fixture.harness.sim.inject({ kind: 'clockSkewMs', ms: 1_500 }));
    assertBlockedBy(report, /clock offset/, /bound 100 ms/);
  });

  test('BLOCK_LAUNCH on a HALTED account', async () => {
    const { report } = await guard({}, (fixture) => fixture.harness.store.recordTradingState({ account: ACCOUNT, atMs: Date.now(), state: 'HALTED', reason: 'kill', actor: 'ops' }).then(() => undefined));
    assertBlockedBy(report, /trading state ACTIVE/, /HALTED: reset/);
  });

  test('BLOCK_LAUNCH on an unreconciled position', async () => {
    const { report } = await guard({}, async (fixture) => {
      await fixture.harness.store.applyFill({ account: ACCOUNT, symbol: 'BTCUSDT', tradeId: 'ghost', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '0.002', price: '60000', fee: '0', atMs: Date.now() });
    });
    assertBlockedBy(report, /store reconciled with the venue/, /position BTCUSDT: store 0\.01, venue 0\.008/);
  });

  test('BLOCK_LAUNCH on too few testnet trades', async () => {
    const { report } = await guard({ testnetTrades: 2 });
    assertBlockedBy(report, /testnet trades/, /2 filled on the testnet \(at least 3/);
  });

  test('BLOCK_LAUNCH on a paper Sharpe below the bound (a real paper session on a falling market)', async () => {
    const { report } = await guard({ paperSession: true, paperDriftPerDay: -0.003 });
    assertBlockedBy(report, /stage 1 entry/, /stage 0 exit: sharpe30d > -0\.3: -\d/);
  });
});
