import { RiskGate, type ManualRiskCommand } from '../../engine/risk/index.ts';
import { RiskEngine, type RiskEngineJSON } from '../../risk/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';

export interface CreateRiskGateOptions {
  /** Kills and resets recorded elsewhere (the store), replayed when the run reaches their time. */
  readonly manualCommands?: readonly ManualRiskCommand[];
  /** Risk engine state saved by an earlier run (HALTED survives a restart). */
  readonly savedState?: RiskEngineJSON;
  /** Denials and resizes kept in detail (default the gate's 1,000; a trace keeps them all). */
  readonly maxRecords?: number;
  /** Backtests only: reset an automatically halted account this long after its halt (the config's `backtest.operatorResetAfterHours`). */
  readonly modelledResetAfterMs?: number;
}

/**
 * The risk engine and the engine-side gate for a config: the one way a run gets its order gate, so
 * no mode can trade without risk. The config's `risk` section was validated with the config.
 */
export function createRiskGate(config: RampartConfig, options: CreateRiskGateOptions = {}): { gate: RiskGate; engine: RiskEngine } {
  const engine = options.savedState === undefined ? new RiskEngine(config.risk) : RiskEngine.fromJSON(config.risk, options.savedState);
  const gate = new RiskGate(engine, {
    sleeves: config.sleeves.map((sleeve) => ({ name: sleeve.name, account: sleeve.account, weight: sleeve.weight })),
    initialCapital: config.capital.initial,
    leverage: config.market.type === 'futures' ? config.market.leverage : 1,
    manualCommands: options.manualCommands,
    ...(options.maxRecords !== undefined ? { maxRecords: options.maxRecords } : {}),
    ...(options.modelledResetAfterMs !== undefined ? { modelledResetAfterMs: options.modelledResetAfterMs } : {}),
    ...(config.execution.spreadBps !== undefined ? { spreadBps: config.execution.spreadBps } : {}),
  });
  return { gate, engine };
}
