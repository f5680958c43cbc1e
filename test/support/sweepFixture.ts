//! A small sweep on the shared EURUSD hourly data, written into a temporary folder for the sweep,
//! walk-forward and queue tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from './sharedData.ts';

export const rampartBin = fileURLToPath(new URL('../../bin/rampart.mjs', import.meta.url));

/** 6 lookbacks × 2 fees × 2 capital profiles = 24 runs on 5,000 bars. */
export const SWEEP_GRID = `parameters:
  sleeves[0].params.lookback: {from: 24, to: 144, step: 24}
  execution.feeBps: [1, 4]
  risk.accounts.default: [normal, aggressive]
`;

export function writeSweepFixture(grid: string = SWEEP_GRID): { dir: string; config: string; grid: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sweep-'));
  const config = join(dir, 'eurusd.yaml');
  writeFileSync(
    config,
    `name: eurusd-tsmom
market: {type: futures, leverage: 1}
data: {timeframe: 1h}
execution: {feeBps: 4, slippageBps: 2}
instrument: {lotStep: 1, tickSize: 0.00001, minNotional: 5}
risk: {accounts: {default: aggressive}}
sleeves:
  - {name: EUR, symbol: EURUSD, weight: 0.5, strategy: tsmom_ema, params: {lookback: 48}, data: {file: ${sharedPath('data', 'backtesting.py', 'EURUSD.csv')}}}
`,
  );
  const gridPath = join(dir, 'grid.yaml');
  writeFileSync(gridPath, grid);
  return { dir, config, grid: gridPath };
}
