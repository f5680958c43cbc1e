import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogValue } from '../../ports/logger.ts';
import { AlertClassifier, type LogLevel } from './alertClassifier.ts';

const HOUR_MS = 3_600_000;

describe('AlertClassifier: severity as the playbook §10 tiers it', () => {
  const cases: Array<[string, LogLevel, string, Record<string, LogValue>, string]> = [
    ['an emergency-stop HALT', 'error', 'alert_trading_state', { account: 'main', state: 'HALTED', reason: 'emergency stop TOTAL_LOSS: {}' }, 'critical'],
    ['a daily drawdown breach that only reduces', 'error', 'alert_trading_state', { account: 'main', state: 'REDUCING', reason: 'emergency stop DAILY_DRAWDOWN: {"drawdownPct":3.1}' }, 'critical'],
    ['a weekly drawdown breach in the paper runner (bare trigger)', 'warn', 'alert_trading_state', { account: 'main', state: 'REDUCING', reason: 'WEEKLY_DRAWDOWN' }, 'critical'],
    ['a REDUCING from consecutive losses', 'error', 'alert_trading_state', { account: 'main', state: 'REDUCING', reason: 'emergency stop CONSECUTIVE_LOSSES: {}' }, 'warning'],
    ['back to ACTIVE', 'error', 'alert_trading_state', { account: 'main', state: 'ACTIVE', reason: 'reset by operator' }, 'info'],
    ['approaching the daily limit', 'warn', 'alert_limit_approach', { account: 'main' }, 'warning'],
    ['the daily report', 'info', 'alert_daily_report_ready', {}, 'info'],
    ['a runner started', 'info', 'alert_runner_started', { account: 'main' }, 'info'],
    ['a runner stopped by the operator', 'warn', 'alert_runner_stopped', { account: 'main' }, 'warning'],
    ['a runner stopped by an error (backend service down)', 'error', 'alert_runner_stopped', { account: 'main' }, 'critical'],
    ['a failover resolved', 'warn', 'alert_exchange_failover_resolved', { account: 'main' }, 'info'],
    ['a protective stop refused (level error)', 'error', 'alert_stop_failed', { account: 'main', symbol: 'BTCUSDT' }, 'critical'],
    ['a risk-guard REDUCE (level warn)', 'warn', 'alert_risk_guard_reduce', { account: 'main' }, 'warning'],
  ];
  for (const [what, level, event, fields, severity] of cases) {
    test(`${what} is ${severity}`, () => {
      assert.equal(new AlertClassifier().classify(level, event, fields, 0)?.severity, severity);
    });
  }

  test('a single failover is a warning; the third within an hour is critical; an hour later it is a warning again', () => {
    const classifier = new AlertClassifier();
    const failover = (atMs: number): string | undefined => classifier.classify('warn', 'alert_exchange_failover', { account: 'main', venue: 'binance→bybit' }, atMs)?.severity;
    assert.deepEqual([failover(0), failover(60_000), failover(120_000)], ['warning', 'warning', 'critical']);
    assert.equal(failover(120_000 + HOUR_MS), 'warning', 'the earlier failovers left the hour');
  });

  test('lines that are no alert are not classified', () => {
    assert.equal(new AlertClassifier().classify('error', 'reconciled', { account: 'main' }, 0), undefined);
  });

  test('the key holds event, account, symbol, state and severity, not the reason (whose figures change every bar)', () => {
    const classifier = new AlertClassifier();
    const first = classifier.classify('warn', 'alert_limit_approach', { account: 'main', detail: 'day drawdown at 81 %' }, 0);
    const later = classifier.classify('warn', 'alert_limit_approach', { account: 'main', detail: 'day drawdown at 86 %' }, 60_000);
    assert.equal(first?.key, later?.key);
    assert.notEqual(classifier.classify('warn', 'alert_limit_approach', { account: 'other' }, 0)?.key, first?.key);
  });

  test('titles name the breach, the account and the state', () => {
    const alert = new AlertClassifier().classify('error', 'alert_trading_state', { account: 'main', state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {}' }, 0);
    assert.equal(alert?.title, 'Daily drawdown breach: main HALTED');
    assert.equal(new AlertClassifier().classify('error', 'alert_stop_failed', { account: 'main', symbol: 'BTCUSDT' }, 0)?.title, 'Stop failed: main BTCUSDT');
  });
});
