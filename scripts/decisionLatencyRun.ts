//! The live runner's decision latency on the local venue, shared by the bench rows: from a closed bar
//! handed to the runner (onBarClose start) to the gateway being asked to send the resulting order
//! (hooks.beforeSend), minus the time spent waiting on the venue (every gateway call inside that
//! window), after a realistic warm-up history. Store time is inside the measured time.
import { performance } from 'node:perf_hooks';
import { BAR_MS, startLiveHarness, type LiveHarness } from '../src/app/wiring/liveTestSupport.ts';

/** The decision-latency budget: p99 of the internal latency under 5 ms. */
export const TARGET_MS = 5;

export interface LatencySamples {
  /** Bar → send minus the venue's time, ms: the figure the 5 ms target is about. */
  readonly internalMs: number[];
  readonly storeMs: number[];
  /** Internal minus store: decisions, risk check, order translation. */
  readonly restMs: number[];
  /** Bar → send with the local venue's HTTP round trips. */
  readonly totalMs: number[];
}

export interface DecisionLatencyRun {
  readonly harness: LiveHarness;
  readonly runner: ReturnType<LiveHarness['runner']>;
  /** Called at each bar's send with its bar → send seconds (as `run --http` feeds the metrics histogram). */
  onDecisionSeconds: (seconds: number) => void;
  /** Runs `bars` more bars (long, flat, long …: every bar sends an order) and returns their samples. */
  measure(bars: number): Promise<LatencySamples>;
  close(): Promise<void>;
}

/** The p-th fraction of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export function figures(values: readonly number[]): { median: number; p99: number; text: string } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  return { median, p99, text: `median ${median.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms` };
}

/** `target` with the wall time of its method calls summed into `spent.ms`. */
function timed<T extends object>(target: T, spent: { ms: number }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const startMs = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (!(result instanceof Promise)) {
          spent.ms += performance.now() - startMs;
          return result;
        }
        return result.finally(() => {
          spent.ms += performance.now() - startMs;
        });
      };
    },
  });
}

/** A started runner on the local venue after `warmupBars` of history, with room for `measuredBars` bars in all. */
export async function startDecisionLatencyRun(warmupBars: number, measuredBars: number): Promise<DecisionLatencyRun> {
  const h = await startLiveHarness({ bars: 0 });
  h.nextBarMs = Math.floor(Date.now() / BAR_MS) * BAR_MS - (warmupBars + measuredBars + 5) * BAR_MS;
  for (let bar = 0; bar < warmupBars; bar++) h.pushBar(0);
  // The venue's time (network, not ours) and the store's (ours: it is inside the measured time).
  const venue = { ms: 0 };
  const store = { ms: 0 };
  let bar = { startMs: 0, venueMsAtStart: 0, storeMsAtStart: 0, sentAtMs: Number.NaN, venueMsAtSend: 0, storeMsAtSend: 0 };
  // Time moves one bar per bar, as live: the risk engine's duplicate and throttle windows see real
  // spacing; within a bar it runs with the wall clock, as a live clock does.
  let barOpenMs = h.nextBarMs + 1_000;
  let index = 0;
  const run: DecisionLatencyRun = {
    harness: h,
    onDecisionSeconds: () => undefined,
    runner: h.runner({
      clock: { nowMs: () => barOpenMs + Math.floor(performance.now() - bar.startMs) },
      store: timed(h.store, store),
      // Hundreds of bars run in seconds here, hours live: Binance's per-minute request budget would shed the polls.
      gateway: timed(h.gateway({ timeoutMs: 10_000, weightLimitPerMinute: 1_000_000 }), venue),
      hooks: {
        beforeSend: () => {
          if (!Number.isNaN(bar.sentAtMs)) return;
          bar.sentAtMs = performance.now();
          bar.venueMsAtSend = venue.ms;
          bar.storeMsAtSend = store.ms;
          run.onDecisionSeconds((bar.sentAtMs - bar.startMs) / 1000);
        },
      },
    }),
    async measure(bars) {
      const samples: LatencySamples = { internalMs: [], storeMs: [], restMs: [], totalMs: [] };
      for (let end = index + bars; index < end; index++) {
        h.pushBar(index % 2 === 0 ? 1 : 0, 60_000 + (index % 7) * 10);
        barOpenMs = h.nextBarMs + 1_000;
        bar = { startMs: performance.now(), venueMsAtStart: venue.ms, storeMsAtStart: store.ms, sentAtMs: Number.NaN, venueMsAtSend: 0, storeMsAtSend: 0 };
        await run.runner.onBarClose();
        if (Number.isNaN(bar.sentAtMs)) continue;
        const total = bar.sentAtMs - bar.startMs;
        const internal = total - (bar.venueMsAtSend - bar.venueMsAtStart);
        const stored = bar.storeMsAtSend - bar.storeMsAtStart;
        samples.totalMs.push(total);
        samples.internalMs.push(internal);
        samples.storeMs.push(stored);
        samples.restMs.push(internal - stored);
      }
      return samples;
    },
    async close() {
      await run.runner.stop().catch(() => undefined);
      await h.close();
    },
  };
  bar.startMs = performance.now();
  await run.runner.start();
  return run;
}
