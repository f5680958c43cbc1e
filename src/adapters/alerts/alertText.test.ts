import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertText } from './alertText.ts';
import { SAMPLE_ALERT } from './testing/sampleAlert.ts';

test('the alert text is severity and title, the fields other than those in the title, and the time; long values are cut', () => {
  assert.equal(alertText(SAMPLE_ALERT), '[CRITICAL] Daily drawdown breach: main HALTED\nreason: emergency stop DAILY_DRAWDOWN: {"drawdownPct":5.2}\nat: 2026-01-02T03:04:05.000Z (alert_trading_state)');
  const long = alertText({ ...SAMPLE_ALERT, fields: { reason: 'x'.repeat(5_000) } });
  assert.ok(long.length < 1_000, `a 5,000-character reason is cut, was ${long.length}`);
});
