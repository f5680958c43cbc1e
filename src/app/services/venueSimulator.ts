//! The local venue as a use case: interfaces start it through here, never from the adapter directly.
export { DEFAULT_VENUE_SYMBOLS } from '../../adapters/exchange/venueSim/defaultVenueSymbols.ts';
export { DEFAULT_MAX_REQUEST_BODY_BYTES } from '../../adapters/exchange/venueSim/readRequestBody.ts';
export { startVenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
export { startSimMarketClock } from '../../adapters/exchange/venueSim/simMarketClock.ts';
export { callSimControl, type SimControlAnswer } from '../../adapters/exchange/venueSim/simControlClient.ts';
export { isSimControlKind, parseSimControlCommand, SIM_CONTROL_KINDS, type SimControlCommand, type SimControlKind } from '../../adapters/exchange/venueSim/simControlCommand.ts';
