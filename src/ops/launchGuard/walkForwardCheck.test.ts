import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchPasses } from './launchChecks.ts';
import { statusOf } from './preflightChecks.ts';
import { walkForwardCheck, type WalkForwardObservation } from './walkForwardCheck.ts';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const FILE = '/srv/rampart/reports/r1-walk-forward.json';
const CONFIG = '/srv/rampart/config/r1-ensemble.yaml';

function report(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'r1',
    configPath: CONFIG,
    configSha256: SHA,
    gridPath: '/srv/rampart/config/grid.yaml',
    objective: 'sharpe',
    minTrades: 5,
    anchored: false,
    trainDays: 180,
    testDays: 30,
    windows: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }, { index: 4 }, { index: 5 }],
    outOfSample: { totalReturnPct: 12.5, sharpe: 1.234, maxDrawdownPct: 6.1, trades: 84, winRatePct: 52.5, equity: [] },
    degradation: { inSampleSharpe: 1.9, outOfSampleSharpe: 1.234, efficiency: 0.65 },
    stability: [],
    acceptance: [
      { name: 'out-of-sample Sharpe', value: 1.234, above: 0.8, pass: true },
      { name: 'out-of-sample win rate %', value: 52.5, above: 48, pass: true },
    ],
    passed: true,
    ...overrides,
  };
}

const observe = (over: Partial<WalkForwardObservation> = {}): WalkForwardObservation => ({ file: FILE, configPath: CONFIG, configSha256: SHA, report: report(), ...over });

test('without walkForwardReport in the go-live file the check reads as WARN "not configured" and does not block', () => {
  const check = walkForwardCheck(undefined);
  assert.equal(check.name, 'walk-forward passed for this config');
  assert.equal(statusOf(check), 'WARN');
  assert.equal(check.detail, 'not configured (walkForwardReport in the go-live file)');
  assert.equal(launchPasses([check]), true);
});

test('a passing report of this config passes, naming the file, the windows and the out-of-sample Sharpe and win rate', () => {
  const check = walkForwardCheck(observe());
  assert.equal(statusOf(check), 'PASS');
  assert.equal(check.severity, 'hard');
  assert.equal(check.detail, `${FILE}: passed over 6 window(s), out-of-sample Sharpe 1.234, win rate 52.5 %`);
});

test('a missing or unreadable report file fails hard, naming the file, why, and the command that writes it', () => {
  const check = walkForwardCheck(observe({ report: undefined, error: 'does not exist' }));
  assert.equal(statusOf(check), 'FAIL');
  assert.equal(launchPasses([check]), false);
  assert.equal(check.detail, `${FILE}: does not exist (write it with rampart walk-forward -c ${CONFIG} --grid … --json ${FILE})`);
  assert.match(walkForwardCheck(observe({ report: undefined, error: 'not JSON: Unexpected token' })).detail, /r1-walk-forward\.json: not JSON: Unexpected token/);
});

test('a file that is not a walk-forward report fails, naming the file and the first wrong field', () => {
  const cases: Array<[unknown, string]> = [
    [[1, 2], 'not a JSON object'],
    [{ results: [] }, 'configSha256 is not a SHA-256'],
    [report({ passed: 'yes' }), 'passed is not true or false'],
    [report({ windows: 6 }), 'windows is not a list'],
    [report({ outOfSample: undefined }), 'outOfSample is missing'],
    [report({ outOfSample: { sharpe: '1.2', winRatePct: 50 } }), 'outOfSample.sharpe is not a number'],
    [report({ acceptance: [{ name: 'out-of-sample Sharpe', value: 1.2 }] }), 'acceptance[0] is not {name, value, above, pass}'],
  ];
  for (const [value, problem] of cases) {
    const check = walkForwardCheck(observe({ report: value }));
    assert.equal(statusOf(check), 'FAIL', problem);
    assert.equal(check.detail, `${FILE} is not a walk-forward report (${problem}); write one with rampart walk-forward -c ${CONFIG} --grid … --json ${FILE}`);
  }
});

test('a report of other config bytes fails, naming both hashes and the command that re-runs the walk-forward on this config', () => {
  const check = walkForwardCheck(observe({ report: report({ configSha256: OTHER }) }));
  assert.equal(statusOf(check), 'FAIL');
  assert.equal(check.detail, `${FILE} is the walk-forward of config sha256 ${OTHER}, ${CONFIG} is ${SHA}: re-run the walk-forward on this config (rampart walk-forward -c ${CONFIG} --grid … --json ${FILE})`);
});

test('a failed report fails, listing each failing acceptance bar with its value and bound', () => {
  const failed = report({
    passed: false,
    outOfSample: { totalReturnPct: -2, sharpe: 0.41, maxDrawdownPct: 9, trades: 40, winRatePct: 45.25, equity: [] },
    acceptance: [
      { name: 'out-of-sample Sharpe', value: 0.41, above: 0.8, pass: false },
      { name: 'out-of-sample win rate %', value: 45.25, above: 48, pass: false },
    ],
  });
  const check = walkForwardCheck(observe({ report: failed }));
  assert.equal(statusOf(check), 'FAIL');
  assert.equal(check.detail, `${FILE} failed the acceptance bars: out-of-sample Sharpe 0.41 (needs > 0.8); out-of-sample win rate % 45.25 (needs > 48)`);
  const oneBar = report({ passed: false, acceptance: [{ name: 'out-of-sample Sharpe', value: 0.79987, above: 0.8, pass: false }, { name: 'out-of-sample win rate %', value: 50, above: 48, pass: true }] });
  assert.equal(walkForwardCheck(observe({ report: oneBar })).detail, `${FILE} failed the acceptance bars: out-of-sample Sharpe 0.79987 (needs > 0.8)`, 'a value rounded onto its bound is printed whole');
});

test('a failed report whose bars all pass (no window traded) and an undefined Sharpe (null in the JSON) fail with what happened', () => {
  const untraded = walkForwardCheck(observe({ report: report({ passed: false }) }));
  assert.equal(untraded.detail, `${FILE} failed the acceptance bars: no test window was traded (no training run met the minimum trade count)`);
  const empty = walkForwardCheck(observe({ report: report({ passed: false, windows: [] }) }));
  assert.equal(empty.detail, `${FILE} failed the acceptance bars: the report has no test window`);
  const nan = walkForwardCheck(observe({ report: report({ passed: false, acceptance: [{ name: 'out-of-sample Sharpe', value: null, above: 0.8, pass: false }] }) }));
  assert.equal(nan.detail, `${FILE} failed the acceptance bars: out-of-sample Sharpe n/a (needs > 0.8)`);
});

test('a report marked passed while one of its bars failed does not pass', () => {
  const check = walkForwardCheck(observe({ report: report({ acceptance: [{ name: 'out-of-sample win rate %', value: 47.5, above: 48, pass: false }] }) }));
  assert.equal(statusOf(check), 'FAIL');
  assert.equal(check.detail, `${FILE} failed the acceptance bars: out-of-sample win rate % 47.5 (needs > 48)`);
});
