// One sweep measurement in a fresh process: a tsmom_ema grid on synthetic hourly bars (data loaded once
// and shared with the worker threads) through `rampart sweep`'s own job, results file and reports.
// Usage: node --import tsx scripts/benchSweep.ts <bars> <runs> <workers> [queue]
// With `queue`, the runs go as BullMQ jobs to <workers> `rampart worker` processes on the local Redis.
// Prints one JSON line: {bars, runs, workers, seconds, runsPerSecond, steadyRunsPerSecond, peakRssMb, baseRssMb, rssPerWorkerMb}.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { sweepJob } from '../src/app/wiring/sweepJobs.ts';
import { openQueue, queueExecutorFor } from '../src/app/wiring/queueJobs.ts';

const [barsText = '100000', runsText = '40', workersText = '1', mode = 'threads'] = process.argv.slice(2);
const REDIS = 'redis://127.0.0.1:6379';
const queueName = `rampart-bench-${process.pid}`;
const bars = Number(barsText);
const runs = Number(runsText);
const workers = Number(workersText);
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-sweep-'));
try {
  const config = join(dir, 'bench.yaml');
  // Fixed notional on a large account, as the engine rows: every run trades the whole series.
  writeFileSync(
    config,
    `name: bench-sweep
market: {type: futures, leverage: 1}
capital: {initial: 10000000}
sizing: {mode: fixed_notional, notional: 10000}
risk: {accounts: {default: aggressive}}
data: {timeframe: 1h, store: ${join(dir, 'store')}, syntheticFallback: {bars: ${bars}, seed: 20240601}}
sleeves:
  - {name: BENCH, symbol: BENCHUSDT, weight: 1, strategy: tsmom_ema, params: {lookback: 168}}
`,
  );
  // Lookbacks 100, 104, … and two fee levels: `runs` grid points.
  const lookbacks = Math.ceil(runs / 2);
  writeFileSync(join(dir, 'grid.yaml'), `parameters:\n  sleeves[0].params.lookback: {from: 100, to: ${100 + 4 * (lookbacks - 1)}, step: 4}\n  execution.feeBps: [4, 5]\n`);
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  let firstResultMs = 0;
  let lastResultMs = 0;
  const startMs = performance.now();
  const bin = new URL('../bin/rampart.mjs', import.meta.url).pathname;
  const workerProcesses = mode === 'queue' ? Array.from({ length: workers }, () => spawn(process.execPath, [bin, 'worker', '--queue', REDIS, '--queue-name', queueName], { cwd: dir, stdio: 'ignore' })) : [];
  const result = await sweepJob({
    ...(mode === 'queue' ? { executor: queueExecutorFor(REDIS, queueName) } : {}),
    configPath: config,
    gridPath: join(dir, 'grid.yaml'),
    workers,
    resultsPath: join(dir, 'results.arrows'),
    jsonPath: join(dir, 'sweep.json'),
    htmlPath: join(dir, 'sweep.html'),
    onProgress: ({ done }) => {
      if (done === 1) firstResultMs = performance.now();
      if (done > 0) lastResultMs = performance.now();
    },
  });
  const seconds = (performance.now() - startMs) / 1000;
  for (const child of workerProcesses) child.kill('SIGTERM');
  if (mode === 'queue') {
    const queue = await openQueue(REDIS, queueName);
    await queue.obliterate();
    await queue.close();
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const mb = (bytes: number) => bytes / 2 ** 20;
  console.log(
    JSON.stringify({
      bars,
      runs: result.results.length,
      workers,
      mode,
      seconds,
      runsPerSecond: result.results.length / seconds,
      // From the first finished run to the last: the pool's throughput without thread start-up.
      steadyRunsPerSecond: result.results.length > 1 && lastResultMs > firstResultMs ? (result.results.length - 1) / ((lastResultMs - firstResultMs) / 1000) : undefined,
      peakRssMb: mb(peakRss),
      baseRssMb: mb(baseRss),
      // Worker processes are not sampled: their memory is not in this process's RSS.
      rssPerWorkerMb: mode === 'queue' ? undefined : mb(peakRss - baseRss) / workers,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
