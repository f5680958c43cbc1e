import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { WalkForwardReport } from '../../ops/research/walkForwardReport.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { loadGoLive } from '../config/loadGoLive.ts';
import { startGateFixture } from '../wiring/gateTestSupport.ts';
import { activateGoLive } from './goLive.ts';
import { runPreflight, type PreflightLine } from './preflight.ts';

// Issue 20: go-live requires a passing walk-forward of the frozen config. The go-live file names the
// report; preflight (and so the launch guard and `go-live activate`) judges it over the local venue.

const CHECK = 'walk-forward passed for this config';

/** A `rampart walk-forward --json` report written by hand: six windows, out-of-sample Sharpe and win rate as given. */
function walkForwardReport(configPath: string, configSha256: string, sharpe: number, winRatePct: number): WalkForwardReport {
  const bars = [
    { name: 'out-of-sample Sharpe', value: sharpe, above: 0.8, pass: sharpe > 0.8 },
    { name: 'out-of-sample win rate %', value: winRatePct, above: 48, pass: winRatePct > 48 },
  ];
  return {
    name: 'gate',
    configPath,
    configSha256,
    gridPath: join(configPath, '..', 'grid.yaml'),
    objective: 'sharpe',
    minTrades: 5,
    anchored: false,
    trainDays: 180,
    testDays: 30,
    windows: Array.from({ length: 6 }, (_, index) => ({ index, train: { from: '2024-01-01T00:00:00.000Z', to: '2024-06-28T23:00:00.000Z' }, test: { from: '2024-06-29T00:00:00.000Z', to: '2024-07-28T23:00:00.000Z' } })),
    outOfSample: { totalReturnPct: 9.5, sharpe, maxDrawdownPct: 4.2, trades: 60, winRatePct, equity: [] },
    degradation: { inSampleSharpe: 1.8, outOfSampleSharpe: sharpe, efficiency: sharpe / 1.8 },
    stability: [],
    acceptance: bars,
    passed: bars.every((bar) => bar.pass),
  };
}

test('preflight and go-live activate require the walk-forward report the go-live file names: passing for this config, refused when it failed or the config changed by one byte', async () => {
  const fixture = await startGateFixture();
  const { harness } = fixture;
  try {
    const goLivePath = join(harness.dir, 'go-live.yaml');
    writeFileSync(goLivePath, 'activationEnabled: true\nflagFile: go_live.active\nwalkForwardReport: reports/gate-walk-forward.json\n');
    const goLive = loadGoLive(goLivePath);
    const reportPath = join(harness.dir, 'reports', 'gate-walk-forward.json');
    const writeReport = (sharpe: number, winRatePct: number, sha256 = harness.loaded.sha256) => {
      mkdirSync(join(harness.dir, 'reports'), { recursive: true });
      writeFileSync(reportPath, JSON.stringify(walkForwardReport(harness.loaded.path, sha256, sharpe, winRatePct), null, 2));
    };
    const line = (checks: readonly PreflightLine[]) => {
      const found = checks.find((check) => check.name === CHECK);
      assert.ok(found, `preflight lists "${CHECK}": ${checks.map((check) => check.name).join(', ')}`);
      return found;
    };

    const missing = await runPreflight({ ...fixture.input(), goLive });
    assert.equal(line(missing.checks).status, 'FAIL');
    assert.equal(line(missing.checks).detail, `${reportPath}: does not exist (write it with rampart walk-forward -c ${harness.loaded.path} --grid … --json ${reportPath})`);
    assert.equal(missing.passed, false, 'a missing report blocks preflight');

    writeReport(1.234, 52.5);
    const passing = await runPreflight({ ...fixture.input(), goLive });
    assert.equal(line(passing.checks).status, 'PASS');
    assert.equal(line(passing.checks).detail, `${reportPath}: passed over 6 window(s), out-of-sample Sharpe 1.234, win rate 52.5 %`);
    assert.equal(passing.passed, true, `no FAIL: ${JSON.stringify(passing.checks.filter((check) => check.status === 'FAIL'))}`);

    writeReport(0.41, 52.5);
    const failing = await runPreflight({ ...fixture.input(), goLive });
    assert.equal(line(failing.checks).status, 'FAIL');
    assert.equal(line(failing.checks).detail, `${reportPath} failed the acceptance bars: out-of-sample Sharpe 0.41 (needs > 0.8)`);
    const refused = await activateGoLive({ ...fixture.input(), goLive, reason: 'stage 1', actor: 'alice' });
    assert.equal(refused.activated, false, 'a failed walk-forward refuses activation');
    assert.match(refused.refusal ?? '', /BLOCK_LAUNCH: walk-forward passed for this config: .*gate-walk-forward\.json failed the acceptance bars: out-of-sample Sharpe 0\.41 \(needs > 0\.8\)/);
    assert.equal(existsSync(goLive.flagPath), false, 'no flag file written');

    writeReport(1.234, 52.5);
    const allowed = await activateGoLive({ ...fixture.input(), goLive, reason: 'stage 1', actor: 'alice' });
    assert.equal(allowed.activated, true, `a passing walk-forward lets the activation through: ${allowed.refusal}`);

    const before = harness.loaded.sha256;
    appendFileSync(harness.loaded.path, ' ');
    const changed = loadConfig(harness.loaded.path);
    assert.notEqual(changed.sha256, before);
    const stale = await runPreflight({ ...fixture.input(), loaded: changed, goLive });
    assert.equal(line(stale.checks).status, 'FAIL');
    assert.equal(
      line(stale.checks).detail,
      `${reportPath} is the walk-forward of config sha256 ${before}, ${changed.path} is ${changed.sha256}: re-run the walk-forward on this config (rampart walk-forward -c ${changed.path} --grid … --json ${reportPath})`,
    );
  } finally {
    await fixture.close();
  }
});

test('without walkForwardReport in the go-live file preflight reads the check as WARN "not configured"', async () => {
  const fixture = await startGateFixture({ liveSession: false });
  try {
    const goLivePath = join(fixture.harness.dir, 'go-live.yaml');
    writeFileSync(goLivePath, 'activationEnabled: false\n');
    const report = await runPreflight({ ...fixture.input(), goLive: loadGoLive(goLivePath) });
    const check = report.checks.find((candidate) => candidate.name === CHECK);
    assert.equal(check?.status, 'WARN');
    assert.equal(check?.detail, 'not configured (walkForwardReport in the go-live file)');
  } finally {
    await fixture.close();
  }
});
