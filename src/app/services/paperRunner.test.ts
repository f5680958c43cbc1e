import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ReplayMarketFeed } from '../../engine/paper/replayMarketFeed.ts';
import type { Logger } from '../../ports/logger.ts';
import { HOUR_MS, ManualClock, START_MS, r1Candles, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { evaluatePaper, runPaper, RunnerLockedError, type PaperRunnerDeps } from './paperRunner.ts';
import { join } from 'node:path';
import { crashConfigOverrides } from '../../../test/fixtures/paper/paperCrashSession.ts';
import { recordOperatorCommand } from './operatorCommands.ts';

function memoryLogger(): Logger & { lines: Array<{ event: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ event: string; fields?: Record<string, unknown> }> = [];
  const push = (event: string, fields?: Record<string, unknown>): void => void lines.push({ event, fields });
  return { lines, info: push, warn: push, error: push };
}

describe('paper runner', () => {
  test('drives a session through a day of hourly bars on a manual clock and persists each decision once', async () => {
    const { loaded, dir } = r1Config((raw) => {
      // Short lookbacks so a day of bars trades.
      raw.sleeves = [{ name: 'SOL', symbol: 'SOLUSDT', weight: 0.5, strategy: 'tsmom_ema', params: { lookback: 3 }, instrument: { lotStep: 0.01, tickSize: 0.001 } }];
    });
    const store = await SqliteTradeStore.open({ path: join(dir, 'store.sqlite') });
    const clock = new ManualClock(START_MS + HOUR_MS);
    const logger = memoryLogger();
    const deps: PaperRunnerDeps = {
      loaded,
      store,
      feed: new ReplayMarketFeed(r1Candles(48)),
      clock,
      logger,
      sleepUntil: async (timeMs) => void (clock.timeMs = timeMs),
      owner: 'test:1',
      startMs: START_MS,
    };
    const summaries = await runPaper(deps, { maxEvaluations: 24 });
    assert.equal(summaries.length, 24, 'one evaluation per bar close');
    assert.equal(summaries.at(-1)?.lastBarTimeMs, START_MS + 23 * HOUR_MS, 'the last evaluation saw the 24th bar');
    const fills = await store.listFills();
    assert.ok(fills.length > 0, 'a day of a 3-bar trend strategy trades');
    assert.equal(logger.lines.filter((line) => line.event === 'fill').length, fills.length, 'one fill log line per stored fill');
    for (const intent of await store.listIntents()) assert.ok(intent.state === 'SENT' || intent.state === 'DENIED', `intent ${intent.clientOrderId} ends terminal, was ${intent.state}`);
    const before = { fills: fills.length, signals: (await store.listSignals()).length };
    // Re-evaluating at the same time writes nothing new.
    const again = await evaluatePaper(deps);
    assert.equal(again.fills + again.signals + again.intents, 0, 'a repeated evaluation is idempotent');
    assert.deepEqual({ fills: (await store.listFills()).length, signals: (await store.listSignals()).length }, before);
    await store.close();
  });

  test('flatten --symbol closes only that symbol, with a reduce-only risk order at the next open', async () => {
    const { loaded, dir } = r1Config(crashConfigOverrides);
    const store = await SqliteTradeStore.open({ path: join(dir, 'store.sqlite') });
    const clock = new ManualClock(START_MS + HOUR_MS);
    const logger = memoryLogger();
    const deps: PaperRunnerDeps = { loaded, store, feed: new ReplayMarketFeed(r1Candles(72)), clock, logger, sleepUntil: async () => undefined, owner: 'test:1', startMs: START_MS };
    // Evaluate bar after bar until SOL holds a position.
    while (Number((await store.getPosition('default', 'SOLUSDT'))?.quantity ?? 0) === 0) {
      assert.ok(clock.timeMs < START_MS + 60 * HOUR_MS, 'SOL opens a position within 60 bars');
      await evaluatePaper(deps);
      clock.timeMs += HOUR_MS;
    }
    const commandMs = clock.timeMs - HOUR_MS + 1;
    await recordOperatorCommand(store, { kind: 'flatten', accounts: ['default'], symbol: 'SOLUSDT', reason: 'flatten SOL', actor: 'test', nowMs: commandMs });
    const ordersBefore = logger.lines.length;
    const ethBefore = await store.getPosition('default', 'ETHUSDT');
    // The close after the command orders the flatten; it fills at the next bar's open.
    await evaluatePaper(deps);
    clock.timeMs += HOUR_MS;
    await evaluatePaper(deps);
    assert.equal(Number((await store.getPosition('default', 'SOLUSDT'))?.quantity), 0, 'the flattened symbol is flat after the next open');
    const after = logger.lines.slice(ordersBefore).filter((line) => line.event === 'order');
    assert.ok(after.some((line) => line.fields?.symbol === 'SOLUSDT' && line.fields?.reason === 'risk'), 'SOL is closed by a risk (flatten) order');
    assert.ok(!after.some((line) => line.fields?.symbol === 'ETHUSDT' && line.fields?.reason === 'risk'), 'ETH, not named by --symbol, gets no flatten order');
    const flattenIntents = (await store.listIntents()).filter((intent) => intent.createdAtMs > commandMs && intent.symbol === 'SOLUSDT' && intent.state === 'SENT');
    assert.ok(flattenIntents.length > 0 && flattenIntents.every((intent) => intent.reduceOnly), 'the flatten order is reduce-only');
    if (Number(ethBefore?.quantity ?? 0) !== 0) {
      assert.ok(logger.lines.slice(ordersBefore).some((line) => line.event === 'denial' && line.fields?.symbol === 'ETHUSDT' && line.fields?.code === 'FLATTEN_NOT_TARGETED'), "ETH's share of the risk close is refused");
    }
    await store.close();
  });

  test('refuses a second runner on the same account and store', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'store.sqlite') });
    const clock = new ManualClock(START_MS + HOUR_MS);
    const base = { loaded, store, feed: new ReplayMarketFeed(r1Candles(4)), clock, logger: memoryLogger(), sleepUntil: async () => undefined, startMs: START_MS };
    await store.acquireLock('runner:default', 'other-host:42', 180_000, clock.nowMs());
    await assert.rejects(runPaper({ ...base, owner: 'me:1' }, { once: true }), (error: unknown) => error instanceof RunnerLockedError && /other-host:42/.test(error.message));
    await store.close();
  });

  test('RELIABILITY case 18: takes over the lock of a runner whose process is gone at once, records it, and is itself fenced out once its lock is taken', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'store.sqlite') });
    const clock = new ManualClock(START_MS + HOUR_MS);
    const ttlMs = 180_000;
    let takenAtWrites: number | undefined;
    const writes = async () => (await store.listSignals()).length + (await store.listIntents()).length;
    const base = { loaded, store, feed: new ReplayMarketFeed(r1Candles(8)), clock, logger: memoryLogger(), startMs: START_MS, lockTtlMs: ttlMs };
    await store.acquireLock('runner:default', 'host-a:41', ttlMs, clock.nowMs());
    const sleepUntil = async (timeMs: number) => {
      // While this runner waits for the next bar, another takes its lock (its heartbeat went stale).
      clock.timeMs = timeMs + ttlMs + 1;
      assert.equal((await store.acquireLock('runner:default', 'host-b:7', ttlMs, clock.nowMs())).acquired, true);
      takenAtWrites = await writes();
    };
    await assert.rejects(
      runPaper({ ...base, owner: 'host-a:42', lockHolderGone: (owner) => owner === 'host-a:41', sleepUntil }, { maxEvaluations: 3 }),
      (error: unknown) => error instanceof RunnerLockedError && /lost the lock/.test(error.message),
      'the runner learns it lost the lock and stops',
    );
    const [takeover] = (await store.listIncidents()).filter((incident) => incident.kind === 'LOCK_TAKEN_OVER');
    assert.equal(takeover?.detail.previousOwner, 'host-a:41', 'the dead holder\'s lock was taken at once, and recorded');
    assert.equal(takeover?.detail.reason, 'its process is gone');
    assert.equal(await writes(), takenAtWrites, 'nothing was written after the lock was taken');
    assert.equal((await store.acquireLock('runner:default', 'host-c:1', ttlMs, clock.nowMs())).acquired, false, 'the fenced-out runner did not release the new holder\'s lock');
    await store.close();
  });
});
