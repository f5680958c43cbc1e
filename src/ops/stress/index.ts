//! Stress scenarios: what a registered scenario (price shock, correlated crash, volatility spike
//! against the stops, funding spike, exchange outage) does to an account's positions. Pure.
export * from './stressScenario.ts';
export * from './runStress.ts';
