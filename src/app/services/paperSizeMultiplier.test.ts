import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import { HOUR_MS, ManualClock, START_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { runPaper } from './paperRunner.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A day of SOL on a 3-bar trend strategy at a weight small enough that no risk limit resizes it; `decisions` are stored as the risk guard's before the session. */
async function session(name: string, decisions: ReadonlyArray<{ atMs: number; sizeMultiplier: number; decision: string }>) {
  const { loaded, dir } = r1Config((raw) => {
    raw.sleeves = [{ name: 'SOL', symbol: 'SOLUSDT', weight: 0.03, strategy: 'tsmom_ema', params: { lookback: 3 }, instrument: { lotStep: 0.01, tickSize: 0.001 } }];
  });
  const store = await SqliteTradeStore.open({ path: join(dir, `${name}.sqlite`) });
  for (const d of decisions) await store.recordRiskGuardDecision({ account: 'default', atMs: d.atMs, decision: d.decision, sizeMultiplier: d.sizeMultiplier, detail: {} });
  const clock = new ManualClock(START_MS + HOUR_MS);
  await runPaper({ loaded, store, feed: new ReplayMarketFeed(r1Candles(48)), clock, logger: silent, sleepUntil: async (timeMs) => void (clock.timeMs = timeMs), owner: 'test:1', startMs: START_MS }, { maxEvaluations: 24 });
  const fills = (await store.listFills()).map((fill) => ({ atMs: fill.atMs, side: fill.side, quantity: Number(fill.quantity) }));
  await store.close();
  return fills;
}

test("the paper runner scales new targets by the risk guard's stored size multiplier from the decision's time on, as the live runner does", async () => {
  const plain = await session('plain', []);
  assert.ok(plain.length >= 2, 'the day trades');
  const firstEntryMs = plain[0].atMs;
  const reduced = await session('reduced', [{ atMs: START_MS - HOUR_MS, sizeMultiplier: 0.5, decision: 'REDUCE' }]);
  assert.equal(reduced[0].atMs, firstEntryMs, 'the same decisions, at the same times');
  // Sized in whole lots of 0.01: half the target is half the lots, give or take one lot.
  assert.ok(Math.abs(reduced[0].quantity - plain[0].quantity / 2) <= 0.01 + 1e-9, `REDUCE halves the first entry: ${reduced[0].quantity} vs ${plain[0].quantity}`);
  // A decision after the first entry leaves it alone: only later targets are scaled.
  const later = await session('later', [{ atMs: firstEntryMs + 1, sizeMultiplier: 0.5, decision: 'REDUCE' }]);
  assert.equal(later[0].quantity, plain[0].quantity, 'an entry before the decision keeps its size');
  const laterEntry = plain.findIndex((fill, index) => index > 0 && fill.side === plain[0].side);
  if (laterEntry > 0) assert.notDeepEqual(later.slice(1), plain.slice(1), 'targets after the decision are sized differently');
  // An approved SCALE_UP (1.5) after the REDUCE is the one in force: the latest decision wins.
  const scaled = await session('scaled', [
    { atMs: START_MS - 2 * HOUR_MS, sizeMultiplier: 0.5, decision: 'REDUCE' },
    { atMs: START_MS - HOUR_MS, sizeMultiplier: 1.5, decision: 'SCALE_UP_APPROVED' },
  ]);
  assert.ok(Math.abs(scaled[0].quantity - plain[0].quantity * 1.5) <= 0.01 + 1e-9, `SCALE_UP sizes × 1.5: ${scaled[0].quantity} vs ${plain[0].quantity}`);
});
