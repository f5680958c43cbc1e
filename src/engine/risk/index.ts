//! Risk gate of the engine: the seam where every order of every mode meets the pure risk engine
//! (src/risk). Owns the translation between the engine's books (lots, sleeves, bars) and the risk
//! engine's intents and snapshots, the per-bar emergency-stop feed, replayed manual kills and
//! resets, and the record of what risk denied, resized and halted for the report.
export { RiskGate, type RiskGateOptions, type RiskGateSleeve } from './riskGate.ts';
export type { ManualRiskCommand, RiskDenialRecord, RiskResizeRecord, RiskGateSummary } from './riskGateRecords.ts';
export { trailingAtr, ATR_PERIOD } from './trailingAtr.ts';
