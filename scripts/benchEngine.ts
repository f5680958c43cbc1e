// One engine measurement in a fresh process (what a CLI run pays): 10M synthetic hourly bars on one
// sleeve through the real kernel and report builder, costs, funding and metrics included.
// Usage: node --import tsx scripts/benchEngine.ts <strategy> <bars> <repetitions> [risk]
// <strategy> `r1_portfolio`: the R1 ensemble's three sleeves (breakout_vol_atr, tsmom_multi_ema,
// tsmom_ema with its params and weights) on the same synthetic bars, through the general
// multi-sleeve loop; the bench compares it with three C kernel runs (don, mom, mom) back to back.
// With `risk`, every order passes the risk gate and its emergency stop watches every bar, with the
// default risk config (what a config without `risk:` gets) and the sleeve on the 'default' account.
// Prints one JSON line: {strategy, bars, firstBarsPerSecond, medianBarsPerSecond, peakRssMb, firstRunPeakRssMb, bytesPerBar, trades, fills, reportSeconds, kernelFreshPages}.
import { syntheticCandles } from '../src/domain/market/syntheticCandles.ts';
import { runBacktestKernel } from '../src/engine/backtest/runBacktestKernel.ts';
import { buildBacktestReport } from '../src/engine/report/buildBacktestReport.ts';
import type { EngineSettings } from '../src/engine/engineSettings.ts';
import { getBuiltInStrategy } from '../src/strategy/registry.ts';
import { RiskGate } from '../src/engine/risk/index.ts';
import { RiskEngine } from '../src/risk/index.ts';

const [strategyName = 'tsmom_ema', barsText = '10000000', repetitionsText = '3', riskMode = ''] = process.argv.slice(2);
const withRisk = riskMode === 'risk';
const bars = Number(barsText);
const repetitions = Number(repetitionsText);
const PARAMS: Record<string, unknown> = {
  tsmom_ema: { lookback: 168 },
  breakout_vol_atr: { channel: 336, atrPeriod: 14, atrStop: 2, timeStopBars: 72, riskMultiplier: 1 },
};

/** The sleeves of a run: the named strategy alone, or the R1 ensemble's three. */
const SLEEVES: ReadonlyArray<{ name: string; strategyName: string; weight: number; params: unknown }> =
  strategyName === 'r1_portfolio'
    ? [
        { name: 'BTC', strategyName: 'breakout_vol_atr', weight: 0.34, params: { channel: 336, atrPeriod: 14, atrStop: 2, timeStopBars: 72, riskMultiplier: 0.7 } },
        { name: 'ETH', strategyName: 'tsmom_multi_ema', weight: 0.33, params: { lookbacks: [72, 168, 336, 720] } },
        { name: 'SOL', strategyName: 'tsmom_ema', weight: 0.33, params: { lookback: 168 } },
      ]
    : [{ name: 'bench', strategyName, weight: 1, params: PARAMS[strategyName] ?? {} }];
const definitions = SLEEVES.map((sleeve) => {
  const definition = getBuiltInStrategy(sleeve.strategyName);
  if (!definition) throw new Error(`unknown strategy ${sleeve.strategyName}`);
  return definition;
});
// The process before the bars exist: what a 10M-bar run adds to it is its bytes per bar.
const baseRssBytes = process.memoryUsage.rss();
// The C reference's generator and seed: the engine trades the same prices as the C kernels.
const candles = syntheticCandles({ symbol: 'BENCHUSDT', timeframe: '1h', bars, seed: 20240601, startPrice: 100, startMs: 1_500_000_000_000, intervalMs: 3_600_000 });
// Fixed-notional positions on a large account: on a driftless random walk a strategy that flips every
// ~20 bars pays 8 bps per fill, and a compounding account would be wiped out long before 10M bars
// (after which orders fall under the minimum notional and are skipped). This way every one of the
// ~500k decisions goes through sizing, the gate, the simulated venue and the books.
const settings: EngineSettings = {
  initialCapital: 10_000_000,
  leverage: 1,
  allowShort: true,
  liquidation: true,
  maintenanceMarginRate: 0.004,
  feeBps: 5,
  slippageBps: 3,
  tradeOn: 'next_open',
  sizing: { mode: 'fixed_notional', notional: 10_000, riskPerTrade: 0.01 },
  funding: { enabled: true, constantRate: 0.0001, intervalMs: 8 * 3_600_000 },
  periodsPerYear: 8_760,
  daysPerYear: 365,
};

const rates: number[] = [];
const cpuRates: number[] = [];
let trades = 0;
const reportSeconds: number[] = [];
let fills = 0;
let firstRunPeakRssBytes = 0;
// Pages the first run's kernel touched for the first time (minor faults): about 10 µs each on these VMs.
let kernelFreshPages = 0;
for (let rep = 0; rep < repetitions; rep++) {
  const inputs = SLEEVES.map((sleeve, index) => {
    const definition = definitions[index];
    const strategy = definition.create(definition.paramsSchema.parse(sleeve.params));
    return { name: sleeve.name, symbol: 'BENCHUSDT', strategyName: sleeve.strategyName, weight: sleeve.weight, strategy, candles, filters: { lotStep: 0.001, tickSize: 0.01, minNotional: 5 } };
  });
  const faultsBefore = process.resourceUsage().minorPageFault;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const gate = withRisk
    ? // The aggressive profile lets the benchmark's 10k positions through, so every order is checked.
      // The fees of ~700k fills cost the account 10% early in the run (about bar 1.75M of 10M): the
      // total-loss trigger then halts it, and most of the ~430k orders are denied at the state check.
      new RiskGate(RiskEngine.fromConfig({ accounts: { default: 'aggressive' } }), { sleeves: SLEEVES.map((sleeve) => ({ name: sleeve.name, account: 'default', weight: sleeve.weight })), initialCapital: settings.initialCapital, leverage: settings.leverage })
    : undefined;
  const result = runBacktestKernel(
    inputs,
    settings,
    // As the backtest CLI runs it: the report needs the trades, not every fill and decision row.
    { gate, equityObserver: gate, keepFills: false, keepDecisions: false },
  );
  // The engine's figure: the bar loop with fills, costs, funding, liquidation checks and metrics.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rates.push(bars / seconds);
  const cpu = process.cpuUsage(cpuBefore);
  if (rep === 0) kernelFreshPages = process.resourceUsage().minorPageFault - faultsBefore;
  cpuRates.push(bars / ((cpu.user + cpu.system) / 1e6));
  // Turning ~700k logged fills into the report's trade list is reported on its own.
  const reportStarted = process.hrtime.bigint();
  const report = buildBacktestReport(result, settings, { name: 'bench', configHash: '', currency: 'USDT', barIntervalMs: 3_600_000, dataSources: [] });
  reportSeconds.push(Number(process.hrtime.bigint() - reportStarted) / 1e9);
  trades = report.metrics.trades;
  fills = result.log.fillCount;
  // The first run's peak: candles, kernel, log and report of one run (later repetitions add the garbage of earlier ones).
  if (rep === 0) firstRunPeakRssBytes = process.resourceUsage().maxRSS * 1024;
}
const sorted = [...rates].sort((a, b) => a - b);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const firstRunPeakRssMb = firstRunPeakRssBytes / 2 ** 20;
const bytesPerBar = (firstRunPeakRssBytes - baseRssBytes) / bars;
process.stdout.write(
  `${JSON.stringify({ strategy: strategyName, bars, risk: withRisk, firstBarsPerSecond: rates[0], medianBarsPerSecond: sorted[Math.floor(sorted.length / 2)], cpuBarsPerSecond: cpuRates, peakRssMb, firstRunPeakRssMb, bytesPerBar, trades, fills, reportSeconds: reportSeconds[0], kernelFreshPages })}\n`,
);
