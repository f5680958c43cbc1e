import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RiskEngine } from '../../risk/index.ts';
import { writeEquityReferences } from './equityReferences.ts';

const MONDAY = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

test('references the stop has not seen are the equity now', () => {
  const snapshot = { equity: 950, dayStartEquity: 0, weekStartEquity: 0, peakEquity: 0 };
  writeEquityReferences(snapshot, RiskEngine.fromConfig({}).emergencyStop('main'));
  assert.deepEqual(snapshot, { equity: 950, dayStartEquity: 950, weekStartEquity: 950, peakEquity: 950 });
});

test('the day and week start and the peak come from the stop', () => {
  const stop = RiskEngine.fromConfig({ emergency: { dailyDrawdown: { enabled: false }, totalLoss: { enabled: false } } }).emergencyStop('main');
  stop.onEquity(MONDAY, 1_000);
  stop.onEquity(MONDAY + DAY_MS, 1_100);
  stop.onEquity(MONDAY + DAY_MS + 3_600_000, 1_050);
  const snapshot = { equity: 1_020, dayStartEquity: 0, weekStartEquity: 0, peakEquity: 0 };
  writeEquityReferences(snapshot, stop);
  assert.deepEqual(snapshot, { equity: 1_020, dayStartEquity: 1_100, weekStartEquity: 1_000, peakEquity: 1_100 }, 'Tuesday opened at 1 100, the week on Monday at 1 000');
});
