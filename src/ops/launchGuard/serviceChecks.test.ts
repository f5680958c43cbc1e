import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchPasses } from './launchChecks.ts';
import { statusOf } from './preflightChecks.ts';
import { evaluateServiceChecks } from './serviceChecks.ts';

test('services the go-live file does not name read as WARN "not configured" and do not block', () => {
  const checks = evaluateServiceChecks({ health: undefined, metrics: undefined, stressScenarios: undefined });
  assert.deepEqual(checks.map(statusOf), ['WARN', 'WARN', 'WARN']);
  assert.match(checks[0].detail, /not configured \(healthUrl/);
  assert.equal(launchPasses(checks), true);
});

test('a configured endpoint that does not answer fails, naming the url and the error', () => {
  const checks = evaluateServiceChecks({ health: { url: 'http://127.0.0.1:9/health', error: 'ECONNREFUSED' }, metrics: { url: 'http://127.0.0.1:9/metrics', error: null }, stressScenarios: undefined });
  assert.deepEqual(checks.map(statusOf), ['FAIL', 'PASS', 'WARN']);
  assert.match(checks[0].detail, /127\.0\.0\.1:9\/health: ECONNREFUSED/);
});

test('the stress registry fails closed when its file is invalid, names missing required scenarios, and passes with scenarios', () => {
  const invalid = evaluateServiceChecks({ health: undefined, metrics: undefined, stressScenarios: { required: ['flash-crash'], file: 'config/stress.yaml', registered: undefined, error: 'scenarios[0].movePct: required' } })[2];
  assert.equal(statusOf(invalid), 'FAIL');
  assert.match(invalid.detail, /config\/stress\.yaml: scenarios\[0\]\.movePct: required/);
  const check = evaluateServiceChecks({ health: undefined, metrics: undefined, stressScenarios: { required: ['flash-crash', 'exchange-down'], file: 'f.yaml', registered: ['flash-crash'] } })[2];
  assert.equal(statusOf(check), 'FAIL');
  assert.match(check.detail, /not registered in f\.yaml: exchange-down/);
  const pass = evaluateServiceChecks({ health: undefined, metrics: undefined, stressScenarios: { required: [], file: 'f.yaml', registered: ['flash-crash', 'exchange-down'] } })[2];
  assert.equal(statusOf(pass), 'PASS');
  assert.match(pass.detail, /2 registered in f\.yaml/);
});
