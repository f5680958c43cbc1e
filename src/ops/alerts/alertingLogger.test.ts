import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../ports/alertChannel.ts';
import type { Logger, LogValue } from '../../ports/logger.ts';
import { alertingLogger } from './alertingLogger.ts';

function recordingLogger(): { logger: Logger; lines: Array<[string, string, Readonly<Record<string, LogValue>> | undefined]> } {
  const lines: Array<[string, string, Readonly<Record<string, LogValue>> | undefined]> = [];
  return { lines, logger: { info: (event, fields) => lines.push(['info', event, fields]), warn: (event, fields) => lines.push(['warn', event, fields]), error: (event, fields) => lines.push(['error', event, fields]) } };
}

describe('alertingLogger: the one seam from the log to the router', () => {
  test('writes every line as before and publishes only alert_* lines', () => {
    const { logger, lines } = recordingLogger();
    const published: Alert[] = [];
    const routed = alertingLogger(logger, (alert) => published.push(alert), { nowMs: () => 42, allowedFields: new Set(['account', 'state', 'reason']) });
    routed.info('reconciled', { account: 'main' });
    routed.error('alert_trading_state', { account: 'main', state: 'HALTED', reason: 'emergency stop DAILY_DRAWDOWN: {}' });
    assert.deepEqual(lines.map(([level, event]) => [level, event]), [['info', 'reconciled'], ['error', 'alert_trading_state']]);
    assert.equal(published.length, 1);
    assert.equal(published[0]?.severity, 'critical');
    assert.equal(published[0]?.atMs, 42);
  });

  test('leaves out fields the log would redact, so a secret logged by mistake reaches no channel', () => {
    const { logger } = recordingLogger();
    const published: Alert[] = [];
    const routed = alertingLogger(logger, (alert) => published.push(alert), { nowMs: () => 0, allowedFields: new Set(['account']) });
    routed.error('alert_stop_failed', { account: 'main', apiSecret: 'sk-live-very-secret' });
    assert.deepEqual(published[0]?.fields, { account: 'main' });
  });

  test('a publish that throws never reaches the caller (the trading path)', () => {
    const { logger, lines } = recordingLogger();
    const routed = alertingLogger(logger, () => {
      throw new Error('router bug');
    }, { nowMs: () => 0, allowedFields: new Set() });
    assert.doesNotThrow(() => routed.error('alert_stop_failed', {}));
    assert.equal(lines.length, 1, 'the log line was written first');
  });
});
