import type { CapitalProfile, ResizeReason, RiskDenialCode, TradingStateChanged } from '../../risk/index.ts';

/** A person's kill or reset, replayed when a run reaches its time (the paper runner re-injects the store's history this way). */
export interface ManualRiskCommand {
  readonly timeMs: number;
  readonly kind: 'kill' | 'reset';
  /** Account name, or '*' for the global state. */
  readonly account: string;
  readonly reason: string;
}

/** One denied order and the numbers that caused it (the denial's own fields). */
export interface RiskDenialRecord {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly account: string;
  readonly code: RiskDenialCode;
  readonly figures: Readonly<Record<string, unknown>>;
}

/** One order the risk engine shrank; quantities in base units, `lots` what was sent after flooring to the lot step. */
export interface RiskResizeRecord {
  readonly timeMs: number;
  readonly sleeve: string;
  readonly reason: ResizeReason;
  readonly originalQuantity: number;
  readonly quantity: number;
  readonly lots: number;
}

/** What the gate saw over a run, raw (epoch ms, unrounded); the report builder formats it. */
export interface RiskGateSummary {
  /** The first `maxRecords` denials; `denialCount` counts them all. */
  readonly denials: readonly RiskDenialRecord[];
  readonly denialCount: number;
  readonly denialsByCode: Readonly<Record<string, number>>;
  /** The first `maxRecords` resizes; `resizeCount` counts them all. */
  readonly resizes: readonly RiskResizeRecord[];
  readonly resizeCount: number;
  readonly resizesByReason: Readonly<Record<string, number>>;
  readonly stateChanges: readonly TradingStateChanged[];
  /** Capital profile in force for each account the run traded. */
  readonly profiles: Readonly<Record<string, CapitalProfile>>;
}
