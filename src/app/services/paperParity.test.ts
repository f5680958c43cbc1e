import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { PostgresTradeStore } from '../../adapters/storage/postgres/postgresTradeStore.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { HOUR_MS, ManualClock, START_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { runBacktest } from './runBacktest.ts';
import { runPaper } from './paperRunner.ts';
import { checkConsistency } from './consistencyCheck.ts';

const BARS = 820;
const CATCH_UP_BARS = 740;
import { postgresUrl, skipPostgres } from '../../../test/support/postgresTestServer.ts';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function assertParity(store: TradeStore, dir: string): Promise<void> {
  const candles = r1Candles(BARS);
  const { loaded } = r1Config();
  const clock = new ManualClock(START_MS + CATCH_UP_BARS * HOUR_MS);
  const feed = new ReplayMarketFeed(candles);
  // A catch-up over the first bars, then one evaluation per bar close.
  await runPaper(
    { loaded, store, feed, clock, logger: silent, sleepUntil: async (timeMs) => void (clock.timeMs = timeMs), owner: 'parity:1', startMs: START_MS },
    { maxEvaluations: BARS - CATCH_UP_BARS + 1 },
  );
  const lastBarMs = START_MS + (BARS - 1) * HOUR_MS;
  const backtest = await runBacktest({
    loaded,
    to: new Date(lastBarMs).toISOString(),
    dataSource: { load: async (sleeve) => ({ candles: candles.get(ReplayMarketFeed.key(sleeve.symbol, '1h'))!, source: 'synthetic', synthetic: true }) },
  });
  const expectedFills = backtest.result.fills.filter((fill) => fill.reason !== 'end_of_data');
  assert.ok(expectedFills.length > 0, `the backtest over ${BARS} bars must trade for the comparison to mean anything`);
  const storedFills = await store.listFills();
  assert.deepEqual(
    storedFills.map((fill) => ({ at: fill.atMs, symbol: fill.symbol, quantity: Number(fill.quantity) * (fill.side === 'BUY' ? 1 : -1), price: Number(fill.price) })),
    expectedFills.map((fill) => ({ at: fill.timeMs, symbol: fill.symbol, quantity: Number(fill.quantity.toFixed(8)), price: Number(fill.price.toFixed(8)) })),
    'same fills (time, symbol, signed quantity, price) as the backtest',
  );
  const storedSignals = await store.listSignals();
  assert.deepEqual(
    storedSignals.map((signal) => `${signal.atMs}|${signal.sleeve}|${signal.target}`),
    backtest.result.decisions.map((decision) => `${decision.timeMs}|${decision.sleeve}|${decision.target}`),
    'same signals as the backtest',
  );
  const intents = await store.listIntents();
  assert.equal(intents.filter((intent) => intent.state === 'SENT').length, expectedFills.length, 'one sent order per fill');
  const report = await checkConsistency({ loaded, store, feed, fromMs: START_MS, toMs: lastBarMs, nowMs: clock.nowMs(), pnlTolerance: 1e-6 });
  assert.equal(report.ok, true, `consistency check must pass: ${JSON.stringify(report)}`);
  assert.equal(report.fillAgreementPct, 100);
  void dir;
}

describe('paper/backtest parity on the R1 ensemble', () => {
  test('the paper runner records the same signals, orders and fills as the backtest (SQLite)', async () => {
    const { dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'parity.sqlite') });
    try {
      await assertParity(store, dir);
    } finally {
      await store.close();
    }
  });

  test('the paper runner records the same signals, orders and fills as the backtest (PostgreSQL)', { skip: skipPostgres }, async () => {
    const schema = `rampart_paper_${process.pid}_${randomBytes(5).toString('hex')}`;
    const store = await PostgresTradeStore.open({ url: postgresUrl, schema });
    try {
      await assertParity(store, '');
    } finally {
      await store.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
