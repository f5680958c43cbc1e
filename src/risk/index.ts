//! Risk engine: pre-trade order validation for every mode (backtest, paper, live). Owns capital
//! profiles, the profile guard, the portfolio gate, order sanity (fat-finger, price collar,
//! duplicates, throttle, restricted symbols), execution guardrails, the sizer, the emergency stop
//! and the ACTIVE/REDUCING/HALTED trading states. Pure: time comes in as `timeMs`, no I/O.
export type { OrderIntent, OrderSide } from './orderIntent.ts';
export { sideSign } from './orderIntent.ts';
export type { RiskSnapshot, PositionSnapshot, WorkingOrder, MarketSnapshot, SleeveReturns } from './riskSnapshot.ts';
export type { RiskDecision, RiskDenial, RiskDenialCode, ResizeReason } from './riskDecision.ts';
export { riskConfigSchema, type RiskConfig, type RiskConfigInput } from './riskConfig.ts';
export { RiskEngine, type RiskEngineJSON } from './riskEngine.ts';
export { EmergencyStop, type EmergencyStopSettings, type EmergencyStopJSON } from './emergencyStop.ts';
export {
  TradingState,
  TradingStateTrigger,
  TradingStates,
  GLOBAL_ACCOUNT,
  type TradingStateChanged,
  type TradingStatesJSON,
} from './tradingState.ts';
export { RiskLevel, worstLevel, type RiskStatus, type RiskMeasure } from './riskStatus.ts';
export { sizeToRisk, effectiveStopDistance } from './sizeToRisk.ts';
export { increasesExposure } from './exposure.ts';
export { utcDayIndex, isoWeekIndex, isoWeekStartMs } from './calendar.ts';
export { GUARDRAIL_PRESETS, DEFAULT_SESSIONS, GuardrailPreset, type GuardrailSettings } from './guardrailPresets.ts';
export { capitalProfileSchema, type CapitalProfile, type CapitalProfileInput } from './profiles/capitalProfile.ts';
export { PRESET_PROFILES, MOST_CAUTIOUS_PROFILE_NAME } from './profiles/presets.ts';
export { resolveProfile } from './profiles/resolveProfile.ts';
export { RESEARCH_PRESET, RESEARCH_PROFILE, researchRiskInput } from './profiles/researchPreset.ts';
export { formatProfilesTable } from './profiles/formatProfilesTable.ts';
export { formatRiskLimits, type ExplainedSleeve } from './formatRiskLimits.ts';
