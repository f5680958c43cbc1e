//! Launch guard: the go-live checklist as pure verdicts over what was observed at the venue
//! (keys, reachability, clock, key restrictions, position mode, margin and leverage).
export { accountEnvName, evaluateLaunchChecks, launchPasses, type LaunchCheck, type LaunchCheckOptions, type LaunchObservations } from './launchChecks.ts';
export { dataCoverage, type DataCoverage } from './dataCoverage.ts';
export { evaluateServiceChecks, type ServiceObservations } from './serviceChecks.ts';
export { storeVenueAgreement, type AccountBook } from './storeVenueAgreement.ts';
export { evaluatePreflightChecks, statusOf, type PreflightObservations, type PreflightStatus } from './preflightChecks.ts';
export { goLivePermission, type EntryPermission, type GoLiveObservation } from './goLivePermission.ts';
export { walkForwardCheck, type WalkForwardObservation } from './walkForwardCheck.ts';
