//! The local venue as a use case: interfaces start it through here, never from the adapter directly.
export { DEFAULT_VENUE_SYMBOLS } from '../../adapters/exchange/venueSim/defaultVenueSymbols.ts';
export { startVenueSim } from '../../adapters/exchange/venueSim/startVenueSim.ts';
