import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from 'decimal.js';
import { RiskEngine } from '../../risk/index.ts';
import { marketSnapshotOf } from './marketSnapshotOf.ts';

const NOW_MS = Date.UTC(2026, 0, 5, 12, 0, 30);
const BAR_CLOSE_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
const book = (bid: number, ask: number) => ({ bidPrice: new Decimal(bid), askPrice: new Decimal(ask) });

describe('marketSnapshotOf', () => {
  test('spread is best ask minus best bid in price units, exact at the venue edge', () => {
    const market = marketSnapshotOf({ markPrice: 60_000, markTimeMs: NOW_MS, book: book(59_999.9, 60_000.2), decision: { atr: 120, barCloseTimeMs: BAR_CLOSE_MS } });
    assert.equal(market.spread, 0.3, 'no float residue from 60000.2 - 59999.9');
    assert.equal(market.atr, 120);
    assert.equal(market.dataTimeMs, BAR_CLOSE_MS, 'the data age runs from the decision bar\'s close');
    assert.equal(market.markTimeMs, NOW_MS, 'the collar still sees a fresh mark');
  });

  test('unknown inputs are NaN: no book, a crossed or one-sided book, no decision yet', () => {
    const none = marketSnapshotOf({ markPrice: 60_000, markTimeMs: NOW_MS, book: undefined, decision: undefined });
    assert.ok(Number.isNaN(none.spread) && Number.isNaN(none.atr) && Number.isNaN(none.dataTimeMs as number));
    assert.ok(Number.isNaN(marketSnapshotOf({ markPrice: 1, markTimeMs: NOW_MS, book: book(10, 9), decision: undefined }).spread), 'crossed');
    assert.ok(Number.isNaN(marketSnapshotOf({ markPrice: 1, markTimeMs: NOW_MS, book: book(0, 9), decision: undefined }).spread), 'no bid');
  });

  // The inputs drive the risk engine's guardrails: each one fires on what this function builds.
  const engine = RiskEngine.fromConfig({ accounts: { main: 'normal' }, guardrails: { preset: 'moderate' } });
  const entry = { account: 'main', sleeve: 'btc', symbol: 'BTCUSDT', strategy: 's', side: 'buy' as const, quantity: 0.001, price: 60_000, reduceOnly: false, stopDistance: 500, confidence: Number.NaN, timeMs: NOW_MS };
  const snapshotWith = (market: ReturnType<typeof marketSnapshotOf>) => ({ equity: 10_000, dayStartEquity: 10_000, weekStartEquity: 10_000, positions: {}, workingOrders: [], markets: { BTCUSDT: market } });
  const cases = [
    { name: 'a spread wider than a quarter ATR (moderate) denies the entry', inputs: { book: book(59_950, 60_050), decision: { atr: 200, barCloseTimeMs: BAR_CLOSE_MS } }, code: 'SPREAD_TOO_WIDE' },
    { name: 'a decision bar closed 90 s ago (moderate: 60 s) denies the entry', inputs: { book: book(60_000, 60_000.1), decision: { atr: 200, barCloseTimeMs: NOW_MS - 90_000 } }, code: 'DATA_STALE' },
    { name: 'no decision yet denies the entry as stale (fail closed)', inputs: { book: book(60_000, 60_000.1), decision: undefined }, code: 'DATA_STALE' },
    { name: 'a tight book on fresh data passes the guardrails', inputs: { book: book(60_000, 60_000.1), decision: { atr: 200, barCloseTimeMs: BAR_CLOSE_MS } }, code: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const decision = engine.check(entry, snapshotWith(marketSnapshotOf({ markPrice: 60_000, markTimeMs: NOW_MS, ...c.inputs })));
      assert.equal(decision.kind === 'denied' ? decision.denial.code : undefined, c.code, c.name);
    });
  }
});
