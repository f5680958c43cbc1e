//! Live metrics: the figures an operator judges a paper, testnet or real account by (daily equity,
//! rolling Sharpe, drawdown, returns, round trips, slippage, sleeve contributions), each defined once
//! and computed from the trade store's records. Pure: records in, numbers out.
export * from './dailyEquity.ts';
export * from './returnStats.ts';
export * from './roundTrips.ts';
export * from './tradeStats.ts';
export * from './ladderFigures.ts';
export * from './periodPnl.ts';
export * from './operationsFigures.ts';
export * from './fundingDrift.ts';
export * from './periodFigures.ts';
export * from './accountMetrics.ts';
