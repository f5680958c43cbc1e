/**
 * The backtest report: a JSON contract. Times are ISO-8601 UTC strings, percentages are percent
 * (12.5 means 12.5%), money is in the account currency.
 */
export interface BacktestMetrics {
  finalEquity: number;
  totalReturnPct: number;
  cagrPct: number;
  sharpe: number;
  sortino: number;
  maxDrawdownPct: number;
  maxDrawdownDurationBars: number;
  trades: number;
  winRatePct: number;
  profitFactor: number;
  exposurePct: number;
  feesPaid: number;
  fundingPaid: number;
  skippedOrders: number;
  liquidations: number;
}

export interface SleeveReport {
  name: string;
  symbol: string;
  strategy: string;
  weight: number;
  /** Net PnL of the sleeve (realized after fees and funding) as percent of initial capital. */
  contributionPct: number;
  pnl: number;
  trades: number;
  winRatePct: number;
  feesPaid: number;
  fundingPaid: number;
  skippedOrders: number;
  bars: number;
  firstBarTime: string;
  lastBarTime: string;
  /** Contribution over time, sampled like `equity` (percent of initial capital). */
  contributionCurve: number[];
}

export type ExitReason = 'signal' | 'reverse' | 'stop' | 'liquidation' | 'end_of_data' | 'risk';

export interface TradeReport {
  sleeve: string;
  symbol: string;
  side: 'long' | 'short';
  quantity: number;
  entryTime: string;
  entryPrice: number;
  exitTime: string;
  exitPrice: number;
  pnl: number;
  fees: number;
  funding: number;
  exitReason: ExitReason;
}

export interface EquityPoint {
  time: string;
  equity: number;
  drawdownPct: number;
}

export interface BacktestReport {
  meta: {
    name: string;
    configHash: string;
    from: string;
    to: string;
    bars: number;
    barIntervalMs: number;
    periodsPerYear: number;
    initialCapital: number;
    currency: string;
    /** Every `equityStep`-th bar is in `equity` (1 unless the run is long); the last bar always is. */
    equityStep: number;
    dataSources: Array<{ sleeve: string; source: string; synthetic: boolean }>;
  };
  metrics: BacktestMetrics;
  sleeves: SleeveReport[];
  trades: TradeReport[];
  equity: EquityPoint[];
}
