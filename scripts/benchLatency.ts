//! Decision latency of the live runner on the local venue (decisionLatencyRun.ts), over ≥ 200 bars
//! after a realistic warm-up history. Prints median and p99 against the 5 ms target, then where that
//! internal time went: the trade store (the durable intent commit and the reads before it) and the rest.
import { figures, startDecisionLatencyRun, TARGET_MS } from './decisionLatencyRun.ts';

const WARMUP_BARS = Number(process.argv[2] ?? 2_000);
const MEASURED_BARS = Number(process.argv[3] ?? 200);

const run = await startDecisionLatencyRun(WARMUP_BARS, MEASURED_BARS);
try {
  const samples = await run.measure(MEASURED_BARS);
  const { median, p99, text } = figures(samples.internalMs);
  console.log(`bars with an order  ${samples.internalMs.length} of ${MEASURED_BARS} measured, after ${WARMUP_BARS.toLocaleString('en-US')} warm-up bars`);
  console.log(`internal latency    ${text}   target < ${TARGET_MS} ms (${p99 < TARGET_MS ? 'met' : median < TARGET_MS ? 'median met, p99 NOT met' : 'NOT met'})`);
  console.log(`  of which store    ${figures(samples.storeMs).text}   (lock heartbeat, reads, the one durable intent commit before the send)`);
  console.log(`  of which the rest ${figures(samples.restMs).text}   (decisions, risk check, order translation)`);
  console.log(`incl. local venue   ${figures(samples.totalMs).text}   (HTTP round trips to 127.0.0.1 included)`);
} finally {
  await run.close();
}
