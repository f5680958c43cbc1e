// `npm run bench`: the engine's speed on 10M synthetic hourly bars, against the C reference kernels
// in ../shared/perf-reference built here with gcc -O3 -march=native in the same run.
// Each engine measurement runs in a fresh process, as a CLI run would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bars = Number(process.env.BENCH_BARS ?? 10_000_000);
const repetitions = Number(process.env.BENCH_REPS ?? 3);
const referenceDir = join(root, '..', 'shared', 'perf-reference');

function hasGcc() {
  return spawnSync('gcc', ['--version']).status === 0;
}

/** Median bars/s of a C kernel, or undefined (with the reason) when it cannot be built here. */
function cKernel(mode) {
  if (!existsSync(join(referenceDir, 'bt.c'))) return { skipped: '../shared/perf-reference is absent' };
  if (!hasGcc()) return { skipped: 'gcc is not installed' };
  const outDir = join(root, '.bench');
  mkdirSync(outDir, { recursive: true });
  const binary = join(outDir, 'bt');
  execFileSync('gcc', ['-O3', '-march=native', join(referenceDir, 'bt.c'), '-o', binary, '-lm']);
  const output = execFileSync(binary, [mode, String(bars), '5'], { encoding: 'utf8' });
  const match = /bars\/s\(median\)=([0-9.e+]+)/.exec(output);
  if (!match) return { skipped: `could not read the C kernel's output: ${output.slice(0, 200)}` };
  return { barsPerSecond: Number(match[1]) };
}

function engine(strategy, risk) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'benchEngine.ts'), strategy, String(bars), String(repetitions), risk ? 'risk' : 'norisk'], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`engine benchmark ${strategy} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const format = (value) => (value / 1e6).toFixed(1).padStart(7) + 'M';
console.log(`Rampart benchmark: ${bars.toLocaleString('en-US')} synthetic hourly bars, one sleeve, ${repetitions} runs per fresh process`);
console.log('engine = the backtest kernel the CLI runs (sizing, gate, fills, fees, slippage, funding, liquidation checks, metrics); fixed 10k USDT positions on a 10M USDT account\n');
const rows = [
  ['tsmom_ema (EMA 168)', 'tsmom_ema', 'mom', false],
  ['breakout_vol_atr (336/14/2/72)', 'breakout_vol_atr', 'don', false],
  ['tsmom_ema (EMA 168), risk engine on every order and bar', 'tsmom_ema', 'mom', true],
];
const references = new Map();
for (const [label, strategy, mode, risk] of rows) {
  const measured = engine(strategy, risk);
  if (!references.has(mode)) references.set(mode, cKernel(mode));
  const reference = references.get(mode);
  console.log(`${label}`);
  console.log(`  engine first run  ${format(measured.firstBarsPerSecond)} bars/s   median ${format(measured.medianBarsPerSecond)} bars/s   trades ${measured.trades}, fills ${measured.fills}`);
  console.log(`  report building   ${measured.reportSeconds.toFixed(2)} s for ${measured.trades} trades (not in the engine figure)`);
  console.log(`  peak RSS          ${measured.peakRssMb.toFixed(0)} MB (limit 1536 MB)`);
  if (reference.barsPerSecond) {
    const first = measured.firstBarsPerSecond / reference.barsPerSecond;
    const median = measured.medianBarsPerSecond / reference.barsPerSecond;
    const verdict = first >= 1 / 3 ? 'meets the 1/3 target' : first >= 1 / 10 ? 'above the 1/10 floor, below the 1/3 target' : 'BELOW THE 1/10 FLOOR: a defect';
    console.log(`  C reference       ${format(reference.barsPerSecond)} bars/s   ratio first ${first.toFixed(3)}  median ${median.toFixed(3)}  (${verdict})`);
  } else {
    console.log(`  C reference       skipped: ${reference.skipped}`);
  }
  console.log('');
}

// Decision latency of the live runner against the local venue, in a fresh process.
{
  console.log('Live decision latency: bar handed to the runner → order sent to the gateway, local venue simulator, SQLite store');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/benchLatency.ts'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`latency benchmark failed:\n${result.stderr}`);
  for (const line of result.stdout.trim().split('\n')) console.log(`  ${line}`);
  console.log('');
}
