import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

const DAY_MS = 86_400_000;

test('rampart risk-guard on a crashed account: FLATTEN_ALL, exit 1, HALTED with a flatten request, latest_decision.json; --dry-run first changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-guard-cli-'));
  try {
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    // Today's equity 20 % under yesterday's peak: running MDD 20 % > 12 %, a hard stop.
    const nowMs = Date.now();
    await store.recordEquitySnapshot({ account: 'default', atMs: nowMs - DAY_MS, equity: '10000', walletBalance: '10000', unrealizedPnl: '0' });
    await store.recordEquitySnapshot({ account: 'default', atMs: nowMs - 60_000, equity: '8000', walletBalance: '8000', unrealizedPnl: '0' });
    await store.close();
    const args = ['risk-guard', '-c', 'config/r1-ensemble.yaml', '--rules', 'config/r1-scale-rules.yaml', '--state-dir', join(dir, 'state'), '--reports-dir', join(dir, 'reports')];

    const dry = await cli([...args, '--dry-run']);
    assert.equal(dry.code, 1, dry.out);
    assert.match(dry.out, /default: FLATTEN_ALL \(dry run: nothing stored, nothing done\)/);
    const afterDry = await openTradeStore({ stateDir: join(dir, 'state') });
    assert.deepEqual(await afterDry.listRiskGuardDecisions(), []);
    await afterDry.close();

    const run = await cli([...args, '--json']);
    assert.equal(run.code, 1, run.out);
    const written = JSON.parse(readFileSync(join(dir, 'reports', 'risk_guard', 'latest_decision.json'), 'utf8'));
    assert.equal(written.dryRun, false);
    assert.equal(written.accounts[0].decision, 'FLATTEN_ALL');
    assert.ok(Math.abs(written.accounts[0].figures.runningMaxDrawdownPct - 20) < 1e-9, '10 000 → 8 000');
    assert.deepEqual(written.accounts[0].actions.slice(1), ['HALTED', 'flatten requested (reduce-only at the venue)', 'incident RISK_GUARD_FLATTEN_ALL opened']);
    const after = await openTradeStore({ stateDir: join(dir, 'state') });
    assert.equal((await after.loadTradingState('default'))?.state, 'HALTED');
    assert.equal((await after.listRiskGuardDecisions())[0].decision, 'FLATTEN_ALL');
    await after.close();
    const incidents = readdirSync(join(dir, 'reports', 'incidents'));
    assert.equal(incidents.length, 1, 'FLATTEN_ALL opened one incident folder');
    assert.match(incidents[0], /_default_RISK_GUARD_FLATTEN_ALL$/);
    assert.match(readFileSync(join(dir, 'reports', 'incidents', incidents[0], 'postmortem.md'), 'utf8'), /\*\*Trigger:\*\* RISK_GUARD_FLATTEN_ALL/);

    const approve = await cli(['risk-guard', 'approve', '-c', 'config/r1-ensemble.yaml', '--reason', 'sure', '--state-dir', join(dir, 'state')]);
    assert.equal(approve.code, 2, 'nothing to approve: refused as bad input');
    assert.match(approve.out, /its latest decision|no account has a SCALE_UP proposal pending/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rampart risk-guard and report on an empty store say there is no record yet: exit 2, nothing decided, stored or written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-guard-empty-'));
  try {
    const store = await openTradeStore({ stateDir: join(dir, 'state') });
    await store.close();
    const guard = await cli(['risk-guard', '-c', 'config/r1-ensemble.yaml', '--rules', 'config/r1-scale-rules.yaml', '--state-dir', join(dir, 'state'), '--reports-dir', join(dir, 'reports')]);
    assert.equal(guard.code, 2, guard.out);
    assert.match(guard.stderr, /no record yet for account default: the trade store holds no equity snapshot or fill .* nothing judged, nothing decided or stored\. Run the paper or live runner first, or point --state-dir at its store/);
    assert.doesNotMatch(guard.out, /KEEP/, 'no verdict on figures that were never measured');
    for (const period of ['--weekly', '--monthly', '--daily']) {
      const report = await cli(['report', period, '-c', 'config/r1-ensemble.yaml', '--state-dir', join(dir, 'state'), '--reports-dir', join(dir, 'reports')]);
      assert.equal(report.code, 2, report.out);
      assert.match(report.stderr, /no record yet for account default: .*no (weekly|monthly|daily) report .* written/);
    }
    assert.deepEqual(readdirSync(dir), ['state'], 'no latest_decision.json, no report files');
    const after = await openTradeStore({ stateDir: join(dir, 'state') });
    assert.deepEqual(await after.listRiskGuardDecisions(), [], 'nothing stored');
    await after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
