//! Sleeve rules: how a strategy's target becomes an order, the same functions in the backtest
//! kernel (SleeveBook), the live decision tracker and the live runner's sizing. Clamp and allow-short,
//! which moves count as increasing, the protective stop from the fill, sizing at the expected fill
//! price on the lot and tick grids, and the minimum notional with its reduce-only exemption.
export { clampTarget } from './clampTarget.ts';
export { increasesPosition } from './increasesPosition.ts';
export { stopPriceFromFill } from './stopPriceFromFill.ts';
export { meetsMinNotional } from './meetsMinNotional.ts';
export { sizeTargetLots, type SleeveSizing } from './sizeTargetLots.ts';
export { simulatedFillPrice as expectedFillPrice, simulatedFillPriceOnGrid as expectedFillPriceOnGrid } from '../simulated/simulatedFillPrice.ts';
