import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denialOfRiskEvent, riskEventOfDenial } from './riskEventRecords.ts';
import type { RiskDenialRecord } from './riskGateRecords.ts';

const denial: RiskDenialRecord = { timeMs: 1_700_000_000_000, sleeve: 'btc', account: 'main', code: 'LEVERAGE_EXCEEDED', figures: { leverage: 4.5, maxLeverage: 3, atr: Number.NaN } };

test('a denial is stored with its sleeve and figures, a non-finite figure as null', () => {
  const event = riskEventOfDenial(denial, { symbol: 'BTCUSDT', strategy: 'tsmom_ema', clientOrderId: 'rp-1' });
  assert.deepEqual(event, {
    account: 'main',
    atMs: 1_700_000_000_000,
    code: 'LEVERAGE_EXCEEDED',
    symbol: 'BTCUSDT',
    strategy: 'tsmom_ema',
    clientOrderId: 'rp-1',
    detail: { sleeve: 'btc', figures: { leverage: 4.5, maxLeverage: 3, atr: null } },
  });
  assert.equal(JSON.stringify(event.detail), '{"sleeve":"btc","figures":{"leverage":4.5,"maxLeverage":3,"atr":null}}', 'the detail survives JSON as written');
});

test('a stored denial reads back as the gate recorded it (null figures as NaN)', () => {
  const back = denialOfRiskEvent(riskEventOfDenial(denial, { symbol: 'BTCUSDT', strategy: 'x', clientOrderId: null }));
  assert.deepEqual(back, denial);
});

test('events that are not risk-engine denials read as none', () => {
  const venue = { account: 'main', atMs: 1, code: 'VENUE_BELOW_MIN_NOTIONAL', symbol: 'BTCUSDT', strategy: 'x', clientOrderId: 'rp-2', detail: { message: 'too small', local: true } };
  assert.equal(denialOfRiskEvent(venue), undefined);
});
