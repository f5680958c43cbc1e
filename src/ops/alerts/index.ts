//! Alert routing (the freqtrade RPCManager role): which `alert_*` log lines become alerts, their
//! severity as the playbook's §10 tiers them, and the router's dedup, rate limit and retries.
export * from './alertEvents.ts';
export * from './alertClassifier.ts';
export * from './alertRouter.ts';
export * from './alertingLogger.ts';
