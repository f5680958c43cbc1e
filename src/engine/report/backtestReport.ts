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
  /**
   * Per-trade figures (the XAUUSD runbook's): mean R-multiple (trades whose entry carried a stop),
   * profit factor, win rate, Sharpe per trade (mean / sd of net trade PnL), entry signals per week,
   * and risk denials per entry signal by code (the guardrail rejection rate). null where undefined.
   */
  tradeStatistics?: {
    averageR: number | null;
    profitFactor: number | null;
    winRatePct: number | null;
    sharpePerTrade: number | null;
    signalsPerWeek: number | null;
    rejectionRateByCode: Record<string, number>;
  };
}

export type ExitReason = 'signal' | 'reverse' | 'stop' | 'take_profit' | 'liquidation' | 'end_of_data' | 'risk';

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

/** An order the risk engine refused: the denial's code and the numbers that caused it. */
export interface RiskDenialReport {
  time: string;
  sleeve: string;
  code: string;
  [figure: string]: unknown;
}

/** An order the risk engine shrank (quantities in base units). */
export interface RiskResizeReport {
  time: string;
  sleeve: string;
  reason: string;
  originalQuantity: number;
  quantity: number;
}

/** One transition of an account's (or the global '*') trading state, with the figures that fired it. */
export interface RiskStateChangeReport {
  time: string;
  /** Always set by the engine; optional only so older hand-made reports still render. */
  account?: string;
  from: string;
  to: string;
  trigger: string;
  reason?: string;
  [figure: string]: unknown;
}

/** The limits of a capital profile as the run applied them; null where the profile sets none. */
export interface RiskProfileReport {
  name: string;
  dailyDrawdownPct: number | null;
  weeklyDrawdownPct: number | null;
  riskPerTradePct: number | null;
  maxPositions: number | null;
  maxLeverage: number;
  maxPositionNotional: number | null;
  allowedStrategies: string[];
  deniedStrategies: string[];
}

/**
 * What the risk engine did over the run. The engine always fills every field; `denialCount`,
 * `resized` and `profiles` are optional only so the renderers' hand-made sample reports stay valid.
 */
export interface RiskReport {
  /** The first denials (at most 1,000); `denialCount` and `denialsByCode` count all of them. */
  denials: RiskDenialReport[];
  denialCount?: number;
  denialsByCode: Record<string, number>;
  /** Orders the risk engine shrank: counted by reason, the first 1,000 in detail. */
  resized?: { count: number; byReason: Record<string, number>; orders: RiskResizeReport[] };
  stateChanges: RiskStateChangeReport[];
  /** Capital profile in force per account. */
  profiles?: Record<string, RiskProfileReport>;
}

/** Where a sleeve's data came from: candles, and the funding rates and mark prices the run used. */
export interface DataSourceReport {
  sleeve: string;
  /** The candles: a file, the store's series, or a SYNTHETIC generator. */
  source: string;
  synthetic: boolean;
  /** Funding rates: a file, the store's series, the config's constant rate, or none (spot). */
  funding?: string;
  /** Mark prices (the notional funding is paid on): a file, the store's series, or the traded price when there are none. */
  mark?: string;
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
    dataSources: DataSourceReport[];
  };
  metrics: BacktestMetrics;
  sleeves: SleeveReport[];
  trades: TradeReport[];
  equity: EquityPoint[];
  /** Denials, resizes and trading-state changes of the risk engine every order passed. */
  risk?: RiskReport;
}
