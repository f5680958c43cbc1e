//! Decision latency of the live runner on the local venue: from a closed bar handed to the runner
//! (onBarClose start) to the gateway being asked to send the resulting order (hooks.beforeSend),
//! minus the time spent waiting on the venue (every gateway call inside that window), over ≥ 200 bars
//! after a realistic warm-up history. Prints median and p99 against the 5 ms target, then where that
//! internal time went: the trade store (the durable intent commit and the reads before it) and the rest.
import { performance } from 'node:perf_hooks';
import { BAR_MS, startLiveHarness } from '../src/app/wiring/liveTestSupport.ts';

const WARMUP_BARS = Number(process.argv[2] ?? 2_000);
const MEASURED_BARS = Number(process.argv[3] ?? 200);
const TARGET_MS = 5;

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

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function figures(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${percentile(sorted, 0.5).toFixed(2)} ms   p99 ${percentile(sorted, 0.99).toFixed(2)} ms`;
}

const h = await startLiveHarness({ bars: 0 });
try {
  h.nextBarMs = Math.floor(Date.now() / BAR_MS) * BAR_MS - (WARMUP_BARS + MEASURED_BARS + 5) * BAR_MS;
  for (let bar = 0; bar < WARMUP_BARS; bar++) h.pushBar(0);
  // The venue's time (network, not ours) and the store's (ours: it is inside the measured time).
  const venue = { ms: 0 };
  const store = { ms: 0 };
  let bar = { startMs: 0, venueMsAtStart: 0, storeMsAtStart: 0, sentAtMs: Number.NaN, venueMsAtSend: 0, storeMsAtSend: 0 };
  // Time moves one bar per bar, as live: the risk engine's duplicate and throttle windows see real
  // spacing; within a bar it runs with the wall clock, as a live clock does.
  let barOpenMs = h.nextBarMs + 1_000;
  const runner = h.runner({
    clock: { nowMs: () => barOpenMs + Math.floor(performance.now() - bar.startMs) },
    store: timed(h.store, store),
    // 200 bars run in seconds here, hours live: Binance's per-minute request budget would shed the polls.
    gateway: timed(h.gateway({ timeoutMs: 10_000, weightLimitPerMinute: 1_000_000 }), venue),
    hooks: {
      beforeSend: () => {
        if (!Number.isNaN(bar.sentAtMs)) return;
        bar.sentAtMs = performance.now();
        bar.venueMsAtSend = venue.ms;
        bar.storeMsAtSend = store.ms;
      },
    },
  });
  bar.startMs = performance.now();
  await runner.start();
  const internalMs: number[] = [];
  const totalMs: number[] = [];
  const storeMs: number[] = [];
  const restMs: number[] = [];
  for (let index = 0; index < MEASURED_BARS; index++) {
    // Long, flat, long …: every bar enters or exits, so every bar sends an order.
    h.pushBar(index % 2 === 0 ? 1 : 0, 60_000 + (index % 7) * 10);
    barOpenMs = h.nextBarMs + 1_000;
    bar = { startMs: performance.now(), venueMsAtStart: venue.ms, storeMsAtStart: store.ms, sentAtMs: Number.NaN, venueMsAtSend: 0, storeMsAtSend: 0 };
    await runner.onBarClose();
    if (Number.isNaN(bar.sentAtMs)) continue;
    const total = bar.sentAtMs - bar.startMs;
    const internal = total - (bar.venueMsAtSend - bar.venueMsAtStart);
    const stored = bar.storeMsAtSend - bar.storeMsAtStart;
    totalMs.push(total);
    internalMs.push(internal);
    storeMs.push(stored);
    restMs.push(internal - stored);
  }
  await runner.stop();
  const sorted = [...internalMs].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  console.log(`bars with an order  ${internalMs.length} of ${MEASURED_BARS} measured, after ${WARMUP_BARS.toLocaleString('en-US')} warm-up bars`);
  console.log(`internal latency    median ${median.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   target < ${TARGET_MS} ms (${p99 < TARGET_MS ? 'met' : median < TARGET_MS ? 'median met, p99 NOT met' : 'NOT met'})`);
  console.log(`  of which store    ${figures(storeMs)}   (lock heartbeat, reads, the one durable intent commit before the send)`);
  console.log(`  of which the rest ${figures(restMs)}   (decisions, risk check, order translation)`);
  console.log(`incl. local venue   ${figures(totalMs)}   (HTTP round trips to 127.0.0.1 included)`);
} finally {
  await h.close();
}
