//! Exchange failover: the health of each venue account from its gateway's outcomes, and the pure
//! policy that routes a sleeve's new entries to a healthy account while positions stay where they are.
export * from './healthThresholds.ts';
export * from './requestOutcome.ts';
export * from './exchangeHealth.ts';
export * from './failoverEvent.ts';
export * from './failoverPolicy.ts';
export * from './failoverCoordinator.ts';
export * from './healthRecordingGateway.ts';
export * from './routingGateway.ts';
