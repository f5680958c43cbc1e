import type { EquityPoint, SleeveReport, TradeReport } from '../../../engine/report/backtestReport.ts';
import type { RenderableReport, RiskReportSection } from '../renderableReport.ts';

export interface SampleSleeveSpec {
  name: string;
  symbol: string;
  strategy: string;
  startPrice: number;
}

export interface SampleReportOptions {
  bars?: number;
  trades?: number;
  sleeves?: SampleSleeveSpec[];
  synthetic?: boolean;
  withRisk?: boolean;
  initialCapital?: number;
}

export const DEFAULT_SAMPLE_SLEEVES: SampleSleeveSpec[] = [
  { name: 'btc-trend', symbol: 'BTCUSDT', strategy: 'ema_cross', startPrice: 42_150 },
  { name: 'eth-meanrev', symbol: 'ETHUSDT', strategy: 'bollinger_revert', startPrice: 2_285 },
];

const START_MS = Date.UTC(2024, 0, 1);
const HOUR_MS = 3_600_000;

/** Deterministic pseudo-random numbers in [0, 1) so every run builds the same fixture. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A hand-built BacktestReport: hourly bars from 2024-01-01, each sleeve's contribution a seeded
 * random walk, equity and drawdown derived from them (drawdown as a positive percent below the
 * running peak), and one sharp one-bar dip in the middle so downsampling can be checked.
 */
export function buildSampleReport(options: SampleReportOptions = {}): RenderableReport {
  const bars = options.bars ?? 240;
  const tradeCount = options.trades ?? 12;
  const specs = options.sleeves ?? DEFAULT_SAMPLE_SLEEVES;
  const initialCapital = options.initialCapital ?? 10_000;
  const synthetic = options.synthetic ?? true;
  const random = seededRandom(7);

  const curves = specs.map(() => new Array<number>(bars).fill(0));
  for (let bar = 1; bar < bars; bar++) {
    curves.forEach((curve) => {
      curve[bar] = curve[bar - 1] + (random() - 0.47) * 0.4;
    });
  }
  const dipBar = Math.floor(bars / 2);
  const equity: EquityPoint[] = [];
  let peak = -Infinity;
  for (let bar = 0; bar < bars; bar++) {
    const contributionPct = curves.reduce((sum, curve) => sum + curve[bar], 0);
    const dipPct = bar === dipBar && bars > 2 ? -9 : 0;
    const value = initialCapital * (1 + (contributionPct + dipPct) / 100);
    peak = Math.max(peak, value);
    equity.push({ time: new Date(START_MS + bar * HOUR_MS).toISOString(), equity: value, drawdownPct: ((peak - value) / peak) * 100 });
  }

  const trades: TradeReport[] = [];
  for (let index = 0; index < tradeCount; index++) {
    const spec = specs[index % specs.length];
    const entryBar = Math.floor((index / Math.max(1, tradeCount)) * Math.max(1, bars - 2));
    const entryPrice = spec.startPrice * (1 + (random() - 0.5) * 0.05);
    const exitPrice = entryPrice * (1 + (random() - 0.48) * 0.03);
    const side = index % 3 === 0 ? 'short' : 'long';
    const quantity = Math.round((1000 / entryPrice) * 1e4) / 1e4;
    const direction = side === 'long' ? 1 : -1;
    const fees = quantity * (entryPrice + exitPrice) * 0.0004;
    trades.push({
      sleeve: spec.name,
      symbol: spec.symbol,
      side,
      quantity,
      entryTime: new Date(START_MS + entryBar * HOUR_MS).toISOString(),
      entryPrice,
      exitTime: new Date(START_MS + Math.min(bars - 1, entryBar + 1) * HOUR_MS).toISOString(),
      exitPrice,
      pnl: direction * (exitPrice - entryPrice) * quantity - fees,
      fees,
      funding: 0.12,
      exitReason: index % 5 === 4 ? 'stop' : 'signal',
    });
  }

  const sleeves: SleeveReport[] = specs.map((spec, index) => {
    const sleeveTrades = trades.filter((trade) => trade.sleeve === spec.name);
    const wins = sleeveTrades.filter((trade) => trade.pnl > 0).length;
    const contributionPct = curves[index][bars - 1] ?? 0;
    return {
      name: spec.name,
      symbol: spec.symbol,
      strategy: spec.strategy,
      weight: 1 / specs.length,
      contributionPct,
      pnl: (contributionPct / 100) * initialCapital,
      trades: sleeveTrades.length,
      winRatePct: sleeveTrades.length === 0 ? NaN : (wins / sleeveTrades.length) * 100,
      feesPaid: sleeveTrades.reduce((sum, trade) => sum + trade.fees, 0),
      fundingPaid: sleeveTrades.reduce((sum, trade) => sum + trade.funding, 0),
      skippedOrders: index,
      bars,
      firstBarTime: equity[0]?.time ?? '',
      lastBarTime: equity[bars - 1]?.time ?? '',
      contributionCurve: curves[index],
    };
  });

  const finalEquity = equity[bars - 1]?.equity ?? initialCapital;
  const risk: RiskReportSection = {
    denials: [
      { time: equity[Math.min(3, bars - 1)]?.time ?? '', sleeve: specs[0]?.name ?? '', code: 'NOTIONAL_EXCEEDS_MAX_PER_ORDER', notional: 25_000, maxNotional: 20_000 },
      { time: equity[Math.min(9, bars - 1)]?.time ?? '', sleeve: specs[0]?.name ?? '', code: 'DAILY_LOSS_LIMIT', lossPct: 3.2 },
      { time: equity[Math.min(10, bars - 1)]?.time ?? '', sleeve: specs[1]?.name ?? '', code: 'DAILY_LOSS_LIMIT', lossPct: 3.4 },
    ],
    denialsByCode: { DAILY_LOSS_LIMIT: 2, NOTIONAL_EXCEEDS_MAX_PER_ORDER: 1 },
    stateChanges: [
      { time: equity[Math.min(9, bars - 1)]?.time ?? '', from: 'ACTIVE', to: 'REDUCING', trigger: 'daily loss 3.2% > 3%' },
      { time: equity[Math.min(24, bars - 1)]?.time ?? '', from: 'REDUCING', to: 'ACTIVE', trigger: 'new trading day' },
    ],
  };

  return {
    meta: {
      name: 'sample two-sleeve portfolio',
      configHash: 'sha256:3f9a1c0d5e7b2a46',
      from: equity[0]?.time ?? new Date(START_MS).toISOString(),
      to: equity[bars - 1]?.time ?? new Date(START_MS).toISOString(),
      bars,
      barIntervalMs: HOUR_MS,
      periodsPerYear: 8760,
      initialCapital,
      currency: 'USDT',
      equityStep: 1,
      dataSources: specs.map((spec) => ({
        sleeve: spec.name,
        source: synthetic ? `synthetic:gbm seed=7 ${spec.symbol}` : `binance-futures:${spec.symbol}:1h`,
        synthetic,
      })),
    },
    metrics: {
      finalEquity,
      totalReturnPct: (finalEquity / initialCapital - 1) * 100,
      cagrPct: 41.7,
      sharpe: 1.37,
      sortino: 2.05,
      maxDrawdownPct: equity.reduce((deepest, point) => Math.max(deepest, point.drawdownPct), 0),
      maxDrawdownDurationBars: 57,
      trades: trades.length,
      winRatePct: trades.length === 0 ? NaN : (trades.filter((trade) => trade.pnl > 0).length / trades.length) * 100,
      profitFactor: 1.42,
      exposurePct: 63.5,
      feesPaid: trades.reduce((sum, trade) => sum + trade.fees, 0),
      fundingPaid: trades.reduce((sum, trade) => sum + trade.funding, 0),
      skippedOrders: 1,
      liquidations: 0,
    },
    sleeves,
    trades,
    equity,
    ...(options.withRisk === true ? { risk } : {}),
  };
}
