//! Risk gate of the engine: the seam where every order of every mode meets the pure risk engine
//! (src/risk). Owns the translation between the engine's books (lots, sleeves, bars), or a live
//! venue account, and the risk engine's intents and snapshots; the per-bar emergency-stop feed,
//! replayed manual kills and resets, and the record of what risk denied, resized and halted, for the
//! report and (stored by paper and live) for `rampart status`.
export { RiskGate, type RiskGateOptions, type RiskGateSleeve } from './riskGate.ts';
export type { ManualRiskCommand, RiskDenialRecord, RiskResizeRecord, RiskGateSummary } from './riskGateRecords.ts';
export { trailingAtr, ATR_PERIOD } from './trailingAtr.ts';
export type { VenueOrderVerdict } from './riskGate.ts';
export { venueRiskSnapshot, type VenueRiskInput, type VenuePositionInput } from './venueRiskSnapshot.ts';
export { writeEquityReferences } from './equityReferences.ts';
export { riskEventOfDenial, denialOfRiskEvent, type DeniedOrderRef } from './riskEventRecords.ts';
