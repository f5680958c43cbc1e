import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { HOUR_MS, START_MS, r1Config } from '../../../test/fixtures/paper/paperFixture.ts';
import { crashConfigOverrides, runCrashSession } from '../../../test/fixtures/paper/paperCrashSession.ts';
import { recordOperatorCommand } from './operatorCommands.ts';

const BARS = 48;
/** Each killed run gets at most 10 evaluations in: all of them die before the session's end. */
const KILLS = 3;
const child = join(process.cwd(), 'test/fixtures/paper/paperCrashChild.ts');

/** Everything the runner writes, in a stable order, for comparing two stores. */
async function dump(store: TradeStore): Promise<Record<string, unknown>> {
  const intents = (await store.listIntents()).sort((a, b) => a.clientOrderId.localeCompare(b.clientOrderId));
  const orders = [];
  for (const intent of intents) orders.push({ order: await store.getOrder(intent.clientOrderId), history: await store.orderHistory(intent.clientOrderId) });
  return {
    intents,
    orders,
    fills: await store.listFills(),
    positions: await store.listPositions(),
    signals: await store.listSignals(),
    equity: await store.listEquitySnapshots('default'),
    riskEvents: await store.listRiskEvents(),
    tradingStates: await store.listTradingStateTransitions('default'),
    // A restart's audit record of taking over the killed runner's lock is what an uninterrupted run lacks; counted apart.
    incidents: (await store.listIncidents()).filter((incident) => incident.kind !== 'LOCK_TAKEN_OVER'),
  };
}

/** A small seeded generator, so a failing run can be repeated from the seed in its message. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Runs the child; SIGKILLs it `delayMs` after its `evaluations`-th evaluation line (never, when undefined). */
function runChild(storePath: string, configPath: string, killAfter?: { evaluations: number; delayMs: number }): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, storePath, configPath, String(BARS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let stderr = '';
    process_.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    process_.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').filter((line) => line.startsWith('evaluated')).length;
      if (killAfter && seen >= killAfter.evaluations && process_.exitCode === null) setTimeout(() => process_.kill('SIGKILL'), killAfter.delayMs);
    });
    process_.on('error', reject);
    process_.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, stderr });
      else if (code === 0) resolve({ killed: false, stderr });
      else reject(new Error(`crash child exited with ${code}: ${stderr}`));
    });
  });
}

describe('paper runner killed at random moments', () => {
  test('restarts after SIGKILLs with no lost or duplicated order, fill or position change, and a recorded kill stays HALTED', async () => {
    const seed = Number(process.env.RAMPART_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const next = random(seed);
    const { dir, path: configPath } = r1Config(crashConfigOverrides);
    const crashedPath = join(dir, 'crashed.sqlite');
    let haltAtMs = Number.NaN;
    let kills = 0;
    for (let round = 0; round < KILLS; round++) {
      const outcome = await runChild(crashedPath, configPath, { evaluations: 1 + Math.floor(next() * 10), delayMs: Math.floor(next() * 25) });
      if (outcome.killed) kills++;
      if (round === 1) {
        // The operator halts between two crashes, just after the last bar the store got to.
        const store = await SqliteTradeStore.open({ path: crashedPath });
        haltAtMs = ((await store.listEquitySnapshots('default')).at(-1)?.atMs ?? START_MS) + HOUR_MS + 1;
        await recordOperatorCommand(store, { kind: 'kill', accounts: ['default'], reason: 'crash test halt', actor: 'test', nowMs: haltAtMs });
        await store.close();
      }
    }
    assert.equal(kills, KILLS, `every run but the last was killed mid-session (seed ${seed})`);
    const last = await runChild(crashedPath, configPath);
    assert.equal(last.killed, false, 'the last restart runs to the end');

    const referencePath = join(dir, 'reference.sqlite');
    const reference = await SqliteTradeStore.open({ path: referencePath });
    await recordOperatorCommand(reference, { kind: 'kill', accounts: ['default'], reason: 'crash test halt', actor: 'test', nowMs: haltAtMs });
    await reference.close();
    await runCrashSession(referencePath, configPath, BARS, () => undefined);

    const crashed = await SqliteTradeStore.open({ path: crashedPath });
    const uninterrupted = await SqliteTradeStore.open({ path: referencePath });
    try {
      const got = await dump(crashed);
      const want = await dump(uninterrupted);
      assert.ok((want.fills as unknown[]).length > 0, 'the uninterrupted session trades, so the comparison means something');
      assert.deepEqual(got, want, `the crashed-and-restarted store equals the uninterrupted one (seed ${seed}, halt at ${new Date(haltAtMs).toISOString()})`);
      const takeovers = (await crashed.listIncidents()).filter((incident) => incident.kind === 'LOCK_TAKEN_OVER');
      assert.equal(takeovers.length, KILLS, `each restart took over the killed runner's lock at once, and recorded it (seed ${seed})`);
      const intents = await crashed.listIntents();
      for (const intent of intents) assert.ok(intent.state === 'SENT' || intent.state === 'DENIED', `intent ${intent.clientOrderId} ends terminal, was ${intent.state}`);
      assert.equal((await crashed.loadTradingState('default'))?.state, 'HALTED', 'the kill recorded before a crash is HALTED after the restarts');
      const entriesAfterHalt = intents.filter((intent) => intent.createdAtMs > haltAtMs && intent.state === 'SENT' && !intent.reduceOnly);
      assert.deepEqual(entriesAfterHalt, [], `no order that opens or grows a position goes out after the halt (seed ${seed})`);
      assert.ok(
        intents.some((intent) => intent.createdAtMs > haltAtMs && intent.state === 'DENIED'),
        `the strategies asked to trade after the halt and were denied (seed ${seed}); otherwise the halt went untested`,
      );
    } finally {
      await crashed.close();
      await uninterrupted.close();
    }
  });
});
