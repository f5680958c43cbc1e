/**
 * Test bench for the request gate against the local venue: one manual clock shared by the venue
 * (server time, request log), the gateway (gate, breaker, sleeps) and ccxt (request timestamps), so
 * Retry-After, bans and the breaker's cool-down are checked on the venue's request log without waiting.
 */
import { Decimal } from 'decimal.js';
import { createCcxtClientForVenueSim } from '../venueSim/ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from '../venueSim/startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from '../venueSim/venueSimFixtures.ts';
import { CcxtExchangeGateway, type CcxtGatewayOptions } from './ccxtExchangeGateway.ts';
import type { RequestGateIncident } from './requestGate.ts';

/** A clock that moves only when told; sleepers wake in wake-time order, ties in the order they slept. */
export class ManualClock {
  private currentMs: number;
  private sleepers: Array<{ wakeMs: number; resolve: () => void }> = [];
  private autoAdvance = false;

  constructor(startMs: number) {
    this.currentMs = startMs;
  }

  readonly now = (): number => this.currentMs;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.sleepers.push({ wakeMs: this.currentMs + Math.max(0, ms), resolve });
      if (this.autoAdvance) setImmediate(() => this.wakeNext());
    });

  /** From now on every sleep is woken on a next turn of the event loop by moving the clock to it. */
  startAutoAdvance(): void {
    this.autoAdvance = true;
    for (let pending = this.sleepers.length; pending > 0; pending--) setImmediate(() => this.wakeNext());
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Earliest wake time of a pending sleep, or undefined when nobody sleeps. */
  get nextWakeMs(): number | undefined {
    return this.sleepers.reduce<number | undefined>((earliest, sleeper) => (earliest === undefined || sleeper.wakeMs < earliest ? sleeper.wakeMs : earliest), undefined);
  }

  /** Moves to the earliest wake time and wakes every sleeper due then; returns how many woke. */
  wakeNext(): number {
    const wakeMs = this.nextWakeMs;
    if (wakeMs === undefined) return 0;
    this.currentMs = Math.max(this.currentMs, wakeMs);
    return this.wakeDue();
  }

  /** Moves the clock forward and wakes every sleeper due by then; returns how many woke. */
  advance(ms: number): number {
    this.currentMs += ms;
    return this.wakeDue();
  }

  private wakeDue(): number {
    const due = this.sleepers.filter((sleeper) => sleeper.wakeMs <= this.currentMs);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.wakeMs > this.currentMs);
    for (const sleeper of due) sleeper.resolve();
    return due.length;
  }
}

export interface GatewayBench {
  readonly sim: VenueSim;
  readonly gateway: CcxtExchangeGateway;
  readonly clock: ManualClock;
  readonly incidents: RequestGateIncident[];
  close(): Promise<void>;
}

/** 2023-11-14T22:13:20Z plus 5 s: well inside a minute, so weight readings do not roll over unasked. */
export const BENCH_START_MS = 1_700_000_005_000;

/** Starts a venue and a connected gateway (real ccxt binanceusdm client) on one manual clock. */
export async function openGatewayBench(options: Partial<Pick<CcxtGatewayOptions, 'weightLimitPerMinute' | 'circuitBreaker' | 'submission'>> = {}): Promise<GatewayBench> {
  const clock = new ManualClock(BENCH_START_MS);
  const incidents: RequestGateIncident[] = [];
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, walletBalance: 5000, nowMs: clock.now });
  const exchange = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
  // ccxt stamps signed requests with milliseconds(): the venue checks them against the same clock.
  exchange.milliseconds = clock.now;
  const gateway = new CcxtExchangeGateway(exchange, {
    venue: 'binanceusdm',
    apiKey: API_KEY,
    secret: API_SECRET,
    testnet: false,
    submission: { lookupAttempts: 2, lookupWindowMs: 1_000 },
    nowMs: clock.now,
    sleep: clock.sleep,
    onIncident: (incident) => incidents.push(incident),
    ...options,
  });
  try {
    await gateway.connect();
  } catch (error) {
    await gateway.close();
    await sim.close();
    throw error;
  }
  gateway.setReferencePrice('BTCUSDT', new Decimal(60000));
  return {
    sim,
    gateway,
    clock,
    incidents,
    close: async () => {
      await gateway.close();
      await sim.close();
    },
  };
}

/** Waits (real time, event loop turns) until the condition holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Lets in-flight work run for a few event-loop turns (nothing the clock must release). */
export async function settle(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
}
