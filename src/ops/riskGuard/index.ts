//! The risk guard (R1 SOP §3–4): colours each metric green / yellow / red and decides KEEP, SCALE_UP,
//! REDUCE, PAUSE or FLATTEN_ALL from the day's figures and the day counters kept between runs. Pure.
export * from './bandColour.ts';
export * from './decideRiskGuard.ts';
