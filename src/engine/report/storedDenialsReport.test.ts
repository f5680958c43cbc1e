import assert from 'node:assert/strict';
import { test } from 'node:test';
import { riskEventOfDenial } from '../risk/riskEventRecords.ts';
import type { RiskDenialRecord } from '../risk/riskGateRecords.ts';
import { buildRiskReport } from './buildRiskReport.ts';
import { storedDenialsReport } from './storedDenialsReport.ts';

const T0 = Date.UTC(2024, 0, 1);
const records: RiskDenialRecord[] = [
  { timeMs: T0, sleeve: 'btc', account: 'main', code: 'LEVERAGE_EXCEEDED', figures: { leverage: 3.1234567, maxLeverage: 3 } },
  { timeMs: T0 + 60_000, sleeve: 'btc', account: 'main', code: 'TRADING_HALTED', figures: { scope: 'account' } },
  { timeMs: T0 + 120_000, sleeve: 'eth', account: 'main', code: 'LEVERAGE_EXCEEDED', figures: { leverage: 4, maxLeverage: 3, atr: Number.NaN } },
];

test('stored denials read back as the report shows the gate\'s own records', () => {
  const events = records.map((record, i) => riskEventOfDenial(record, { symbol: 'X', strategy: 's', clientOrderId: `id-${i}` }));
  const venueRefusal = { account: 'main', atMs: T0 + 1, code: 'VENUE_BELOW_MIN_NOTIONAL', symbol: 'X', strategy: 's', clientOrderId: 'v', detail: { message: 'small', local: true } };
  const stored = storedDenialsReport([events[0], venueRefusal, events[1], events[2]], 10);
  const report = buildRiskReport({ denials: records, denialCount: 3, denialsByCode: { LEVERAGE_EXCEEDED: 2, TRADING_HALTED: 1 }, resizes: [], resizeCount: 0, resizesByReason: {}, stateChanges: [], profiles: {} });
  assert.deepEqual(stored.denials, report.denials, 'the same entries: time, sleeve, account, code, figures rounded (NaN as null)');
  assert.deepEqual(stored.denialsByCode, report.denialsByCode);
  assert.equal(stored.denialCount, 3, 'the venue refusal is no risk-engine denial');
  assert.equal(stored.denials[0].leverage, 3.123457, 'figures rounded to 6 decimals');
});

test('shows only the newest denials but counts them all', () => {
  const events = records.map((record) => riskEventOfDenial(record, { symbol: 'X', strategy: 's', clientOrderId: null }));
  const stored = storedDenialsReport(events, 1);
  assert.equal(stored.denialCount, 3);
  assert.deepEqual(stored.denials.map((denial) => denial.sleeve), ['eth']);
});
