//! The operator's daily, weekly and monthly production report (R1 SOP §3.1, §7, §8): one model per
//! period from the store's records, rendered to Markdown, HTML and JSON. Pure.
export * from './prodReport.ts';
export * from './reportSections.ts';
export * from './renderProdReport.ts';
