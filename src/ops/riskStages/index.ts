export * from './evaluateRiskStage.ts';
