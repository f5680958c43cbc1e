//! Decision latency of the live runner on the local venue: from a closed bar handed to the runner
//! (onBarClose start) to the gateway being asked to send the resulting order (hooks.beforeSend),
//! minus the time spent waiting on the venue (every gateway call inside that window), over ≥ 200 bars
//! after a realistic warm-up history. Prints median and p99 against the 5 ms target.
import { performance } from 'node:perf_hooks';
import { BAR_MS, startLiveHarness } from '../src/app/wiring/liveTestSupport.ts';
import type { ExchangeGateway } from '../src/ports/exchangeGateway.ts';

const WARMUP_BARS = Number(process.argv[2] ?? 2_000);
const MEASURED_BARS = Number(process.argv[3] ?? 200);
const TARGET_MS = 5;

/** The gateway with the wall time of its calls summed: that time is the venue's (network), not ours. */
function timedGateway(gateway: ExchangeGateway, spent: { ms: number }): ExchangeGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const startMs = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
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

const h = await startLiveHarness({ bars: 0 });
try {
  h.nextBarMs = Math.floor(Date.now() / BAR_MS) * BAR_MS - (WARMUP_BARS + MEASURED_BARS + 5) * BAR_MS;
  for (let bar = 0; bar < WARMUP_BARS; bar++) h.pushBar(0);
  const spent = { ms: 0 };
  let bar = { startMs: 0, venueMsAtStart: 0, sentAtMs: Number.NaN, venueMsAtSend: 0 };
  // Time moves one bar per bar, as live: the risk engine's duplicate and throttle windows see real spacing.
  let clockMs = h.nextBarMs + 1_000;
  const runner = h.runner({
    clock: { nowMs: () => clockMs },
    // 200 bars run in seconds here, hours live: Binance's per-minute request budget would shed the polls.
    gateway: timedGateway(h.gateway({ timeoutMs: 10_000, weightLimitPerMinute: 1_000_000 }), spent),
    hooks: {
      beforeSend: () => {
        if (!Number.isNaN(bar.sentAtMs)) return;
        bar.sentAtMs = performance.now();
        bar.venueMsAtSend = spent.ms;
      },
    },
  });
  await runner.start();
  const internalMs: number[] = [];
  const totalMs: number[] = [];
  for (let index = 0; index < MEASURED_BARS; index++) {
    // Long, flat, long …: every bar enters or exits, so every bar sends an order.
    h.pushBar(index % 2 === 0 ? 1 : 0, 60_000 + (index % 7) * 10);
    clockMs = h.nextBarMs + 1_000;
    bar = { startMs: performance.now(), venueMsAtStart: spent.ms, sentAtMs: Number.NaN, venueMsAtSend: 0 };
    await runner.onBarClose();
    if (Number.isNaN(bar.sentAtMs)) continue;
    const total = bar.sentAtMs - bar.startMs;
    totalMs.push(total);
    internalMs.push(total - (bar.venueMsAtSend - bar.venueMsAtStart));
  }
  await runner.stop();
  internalMs.sort((a, b) => a - b);
  totalMs.sort((a, b) => a - b);
  const median = percentile(internalMs, 0.5);
  const p99 = percentile(internalMs, 0.99);
  console.log(`bars with an order  ${internalMs.length} of ${MEASURED_BARS} measured, after ${WARMUP_BARS.toLocaleString('en-US')} warm-up bars`);
  console.log(`internal latency    median ${median.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   target < ${TARGET_MS} ms (${p99 < TARGET_MS ? 'met' : median < TARGET_MS ? 'median met, p99 NOT met' : 'NOT met'})`);
  console.log(`incl. local venue   median ${percentile(totalMs, 0.5).toFixed(2)} ms   p99 ${percentile(totalMs, 0.99).toFixed(2)} ms   (HTTP round trips to 127.0.0.1 included)`);
} finally {
  await h.close();
}
