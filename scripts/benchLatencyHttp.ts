//! The live runner's decision latency (decisionLatencyRun.ts) with the HTTP server of `run --http` in
//! the same process: off; on, with /metrics scraped once a second; and on while waves of 1,000
//! concurrent admin requests with wrong tokens hit it (from another process, as an attacker's would).
//! The three alternate in blocks on one runner, so machine drift and JIT warm-up fall on all of them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { controlSurfaceOf } from '../src/app/wiring/httpJobs.ts';
import { ACCOUNT } from '../src/app/wiring/liveTestSupport.ts';
import { startHttpServer } from '../src/interfaces/http/startHttpServer.ts';
import { figures, startDecisionLatencyRun, TARGET_MS, type LatencySamples } from './decisionLatencyRun.ts';

const WARMUP_BARS = Number(process.argv[2] ?? 1_000);
const BLOCK_BARS = Number(process.argv[3] ?? 40);
const ROUNDS = Number(process.argv[4] ?? 2);
const FLOOD_CONCURRENCY = 1_000;
/** The playbook's decision-latency alert (rampart.rules.yml): bar → order over 500 ms. */
const ALERT_MS = 500;
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const MODES = ['off', 'on', 'flood'] as const;
type Mode = (typeof MODES)[number];

interface Load {
  stop(): Promise<{ scrapes: number; waves: number; requests: number; statuses: Record<string, number> }>;
}

/** Starts scripts/benchHttpLoad.mjs against `url`; resolves once its load runs. */
async function startLoad(url: string, mode: 'scrape' | 'flood'): Promise<Load> {
  const child = spawn(process.execPath, [new URL('benchHttpLoad.mjs', import.meta.url).pathname, url, mode, String(FLOOD_CONCURRENCY)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'started') throw new Error(`the load process did not start: ${String(first.value)}`);
  return {
    async stop() {
      child.stdin.end('stop\n');
      let last = '';
      for (let line = await lines.next(); !line.done; line = await lines.next()) last = line.value;
      return JSON.parse(last);
    },
  };
}

const run = await startDecisionLatencyRun(WARMUP_BARS, BLOCK_BARS * MODES.length * ROUNDS);
const samples: Record<Mode, LatencySamples> = { off: { internalMs: [], storeMs: [], restMs: [], totalMs: [] }, on: { internalMs: [], storeMs: [], restMs: [], totalMs: [] }, flood: { internalMs: [], storeMs: [], restMs: [], totalMs: [] } };
const flood = { requests: 0, scrapes: 0, statuses: {} as Record<string, number> };
let scrapes = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) {
      let measured: LatencySamples;
      if (mode === 'off') {
        measured = await run.measure(BLOCK_BARS);
      } else {
        const surface = controlSurfaceOf(run.harness.loaded, run.harness.store, {}, { runners: () => [{ account: ACCOUNT, readiness: run.runner.readiness, lockLost: run.runner.lockLost }] });
        const server = await startHttpServer(surface, { port: 0, env: { RAMPART_ADMIN_TOKEN: ADMIN_TOKEN }, say: () => undefined });
        // As `run --http` wires it: every decision feeds rampart_decision_latency_seconds.
        run.onDecisionSeconds = (seconds) => surface.observeDecisionLatency(seconds);
        try {
          const load = await startLoad(server.url, mode === 'flood' ? 'flood' : 'scrape');
          measured = await run.measure(BLOCK_BARS);
          const summary = await load.stop();
          scrapes += summary.scrapes;
          if (mode === 'flood') {
            flood.requests += summary.requests;
            for (const [status, n] of Object.entries(summary.statuses)) flood.statuses[status] = (flood.statuses[status] ?? 0) + n;
          }
        } finally {
          run.onDecisionSeconds = () => undefined;
          await server.close();
        }
      }
      for (const key of ['internalMs', 'storeMs', 'restMs', 'totalMs'] as const) samples[mode][key].push(...measured[key]);
    }
  }
} finally {
  await run.close();
}

const label: Record<Mode, string> = { off: 'server off', on: 'server on', flood: 'bad-token flood' };
const off = figures(samples.off.internalMs);
console.log(`${ROUNDS} rounds of ${BLOCK_BARS} bars per case, alternating, after ${WARMUP_BARS.toLocaleString('en-US')} warm-up bars; server on = /metrics scraped once a second (${scrapes} scrapes)`);
for (const mode of MODES) {
  const internal = figures(samples[mode].internalMs);
  const verdict = internal.p99 < TARGET_MS ? 'PASS' : 'FAIL';
  const delta = mode === 'off' ? '' : `   median ${internal.median - off.median >= 0 ? '+' : ''}${(internal.median - off.median).toFixed(2)} ms against off`;
  console.log(`${label[mode].padEnd(16)} internal ${internal.text}   budget p99 < ${TARGET_MS} ms: ${verdict}${delta}`);
  // The venue's round trips wait on the same event loop the server's sockets use: a flood shows here.
  const total = figures(samples[mode].totalMs);
  console.log(`${''.padEnd(16)} incl. venue ${total.text}   playbook alert > ${ALERT_MS} ms: p99 ${total.p99 > ALERT_MS ? 'OVER' : 'under'}   (${samples[mode].internalMs.length} bars with an order)`);
}
const answered = Object.entries(flood.statuses).sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${status}: ${n.toLocaleString('en-US')}`).join(', ');
console.log(`flood            ${flood.requests.toLocaleString('en-US')} POST /admin/kill-switch with wrong tokens, ${FLOOD_CONCURRENCY.toLocaleString('en-US')} at a time (${answered}); none accepted: ${flood.statuses['200'] === undefined ? 'yes' : 'NO'}`);
