import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import type { VenueFault } from '../../adapters/exchange/venueSim/venueSimTypes.ts';
import { startLiveCliHarness, type CliResult } from './liveCliHarness.ts';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';

const KILLS = 20;
/** The config's protective-order timeout (`live.maxNakedMs`) for this test: a killed runner's position waits for the restarted process to boot, reconcile and place its stop, and a process start takes seconds on a loaded 2-core machine. */
const MAX_NAKED_MS = 30_000;

/** A small seeded generator, so a failing run can be repeated from the seed in its message. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Faults a real venue shows now and then: latency, an accepted order answered 503 or timed out. */
function someFault(next: () => number): VenueFault | undefined {
  const roll = next();
  if (roll < 0.25) return { kind: 'latency', ms: 50 + Math.floor(next() * 250), count: 3 };
  if (roll < 0.4) return { kind: 'http5xxAfterAccept' };
  if (roll < 0.5) return { kind: 'timeoutAfterAccept' };
  return undefined;
}

test('a live runner SIGKILLed 20 times at random moments with faults on restarts at once each time, loses or doubles no order or fill, and leaves no position naked past the protective-order timeout', { timeout: 900_000 }, async () => {
  const seed = Number(process.env.RAMPART_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const next = random(seed);
  const harness = await startLiveCliHarness();
  // Short look-ups: a runner killed between storing an intent and sending it leaves one to resolve at restart.
  appendFileSync(harness.configPath, `\nlive: {lookupAttempts: 3, lookupWindowMs: 1000, maxNakedMs: ${MAX_NAKED_MS}}\n`);
  let nakedSinceMs: number | undefined;
  let longestNakedMs = 0;
  // The venue is watched from outside the runner: how long does a position stay without a stop covering it?
  const watch = setInterval(() => {
    const venue = harness.sim.state();
    const position = venue.positions.find((candidate) => candidate.symbol === 'BTCUSDT')?.positionAmt ?? 0;
    const covered = position === 0 || venue.orders.some((order) => order.type === 'STOP_MARKET' && order.status === 'NEW' && order.reduceOnly && order.side === (position > 0 ? 'SELL' : 'BUY') && order.origQty >= Math.abs(position) - 1e-9);
    if (covered) nakedSinceMs = undefined;
    else {
      nakedSinceMs ??= Date.now();
      longestNakedMs = Math.max(longestNakedMs, Date.now() - nakedSinceMs);
    }
  }, 50);
  const context = (): string => `seed ${seed} (repeat with RAMPART_CRASH_SEED=${seed})`;
  const completes = async (run: Promise<CliResult>, what: string): Promise<void> => {
    const result = await run;
    assert.equal(result.code, 0, `${what} exits 0 — ${context()}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  };
  try {
    let kills = 0;
    let price = 60_000;
    while (kills < KILLS) {
      price = Math.round(price * (1 + (next() - 0.5) * 0.01));
      harness.pushBar(Math.floor(next() * 3), price);
      const fault = someFault(next);
      if (fault !== undefined) harness.sim.inject(fault);
      const running = harness.spawnCli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      const killAfterMs = 300 + Math.floor(next() * 3_000);
      const killed = await Promise.race([running.exited.then(() => false), new Promise<boolean>((done) => setTimeout(() => done(true), killAfterMs))]);
      if (killed && running.child.exitCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
        kills++;
        // Restarted at once: the dead runner's lock must not refuse it.
        await completes(harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1')), `the restart after kill ${kills}`);
      } else {
        await completes(running.exited, 'an unkilled run');
      }
    }
    harness.sim.clearFaults();
    await completes(harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1')), 'the final run without faults');
  } finally {
    clearInterval(watch);
  }
  try {
    assert.ok(longestNakedMs <= MAX_NAKED_MS, `no position stays without a protective stop longer than ${MAX_NAKED_MS} ms, longest was ${longestNakedMs} ms — ${context()}`);
    await harness.reopenStore();
    await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
  } finally {
    await harness.close();
  }
});
