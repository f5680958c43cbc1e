import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { PRESET_PROFILES } from '../../risk/profiles/presets.ts';
import { r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { riskEventOfDenial } from '../../engine/risk/riskEventRecords.ts';
import { recordOperatorCommand } from './operatorCommands.ts';
import { formatStatus, statusReport } from './statusReport.ts';

const at = (iso: string): number => Date.parse(iso);

describe('status report', () => {
  test('shows positions, equity, the day and week drawdown against the profile limits, and the trading state', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'status.sqlite') });
    try {
      // 2024-01-01 is a Monday: the week starts at 10000, Wednesday starts at 9800 and ends at 9604.
      for (const [time, equity] of [['2024-01-01T00:00:00Z', '10000'], ['2024-01-03T00:00:00Z', '9800'], ['2024-01-03T12:00:00Z', '9604']] as const) {
        await store.recordEquitySnapshot({ account: 'default', atMs: at(time), equity, walletBalance: equity, unrealizedPnl: '0' });
      }
      await store.applyFill({ account: 'default', symbol: 'SOLUSDT', tradeId: 't1', clientOrderId: null, venueOrderId: null, side: 'BUY', quantity: '2.5', price: '100', fee: '0.1', atMs: at('2024-01-03T05:00:00Z') });
      await recordOperatorCommand(store, { kind: 'kill', accounts: ['default'], reason: 'operator halt', actor: 'test', nowMs: at('2024-01-03T06:00:00Z') });

      const [status] = await statusReport(loaded, store, at('2024-01-03T13:00:00Z'));
      const normal = PRESET_PROFILES.find((profile) => profile.name === 'normal');
      assert.ok(normal, 'the r1 config trades the default account on the normal profile');
      assert.equal(status.account, 'default');
      assert.equal(status.tradingState, 'HALTED', 'the recorded kill is the trading state');
      assert.equal(status.equity, 9604, 'equity is the latest snapshot');
      assert.ok(Math.abs(status.dayDrawdownPct - 2) < 1e-9, `day drawdown from 9800 to 9604 is 2%, was ${status.dayDrawdownPct}`);
      assert.ok(Math.abs(status.weekDrawdownPct - 3.96) < 1e-9, `week drawdown from 10000 to 9604 is 3.96%, was ${status.weekDrawdownPct}`);
      assert.equal(status.dayDrawdownLimitPct, normal.dailyDrawdownPct, "the day limit is the profile's");
      assert.equal(status.weekDrawdownLimitPct, normal.weeklyDrawdownPct, "the week limit is the profile's");
      assert.deepEqual(status.positions.map((position) => [position.symbol, Number(position.quantity)]), [['SOLUSDT', 2.5]]);

      const table = formatStatus([status]);
      assert.match(table, /state HALTED/, 'the table names the trading state');
      assert.match(table, /day 2\.00% \(limit 2%\)/, 'the table shows the day drawdown against its limit');
      assert.match(table, /week 3\.96% \(limit 7%\)/, 'the table shows the week drawdown against its limit');
      assert.match(table, /SOLUSDT\s+qty\s+2\.5/, 'the table lists the open position');
    } finally {
      await store.close();
    }
  });

  test('lists the risk denials of the last 24 h as the report does, leaving out venue refusals and older denials', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'status.sqlite') });
    try {
      const nowMs = at('2024-01-03T13:00:00Z');
      const denial = (atMs: number, code: 'LEVERAGE_EXCEEDED' | 'TRADING_HALTED') =>
        riskEventOfDenial({ timeMs: atMs, sleeve: 'sol', account: 'default', code, figures: { leverage: 3.5, maxLeverage: 3 } }, { symbol: 'SOLUSDT', strategy: 'tsmom_ema', clientOrderId: `id-${atMs}` });
      await store.recordRiskEvent(denial(nowMs - 25 * 3_600_000, 'TRADING_HALTED'));
      await store.recordRiskEvent(denial(nowMs - 3_600_000, 'LEVERAGE_EXCEEDED'));
      await store.recordRiskEvent({ account: 'default', atMs: nowMs - 60_000, code: 'VENUE_BELOW_MIN_NOTIONAL', symbol: 'SOLUSDT', strategy: 'tsmom_ema', clientOrderId: 'v', detail: { message: 'small', local: true } });
      const [status] = await statusReport(loaded, store, nowMs);
      assert.deepEqual(status.riskDenials.denialsByCode, { LEVERAGE_EXCEEDED: 1 }, 'the older denial and the venue refusal are left out');
      assert.deepEqual(status.riskDenials.denials, [{ time: '2024-01-03T12:00:00.000Z', sleeve: 'sol', account: 'default', code: 'LEVERAGE_EXCEEDED', leverage: 3.5, maxLeverage: 3 }]);
      const table = formatStatus([status]);
      assert.match(table, /risk denials \(24 h\): 1 \(LEVERAGE_EXCEEDED 1\)/);
      assert.match(table, /2024-01-03T12:00:00.000Z sol LEVERAGE_EXCEEDED \{"leverage":3.5,"maxLeverage":3\}/);
    } finally {
      await store.close();
    }
  });
});
