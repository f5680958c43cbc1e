//! Incidents and post-mortems: which stored events open one, its timeline, its before/after figures,
//! and the R1 SOP's post-mortem template with what `incident close` requires filled in.
export * from './incidentTrigger.ts';
export * from './incidentTimeline.ts';
export * from './incidentMetrics.ts';
export * from './postmortem.ts';
