import type { RiskDenial } from '../riskDecision.ts';

/** Signals that carry a confidence (not NaN) need at least `minConfidence`. */
export function checkMinConfidence(confidence: number, minConfidence: number): RiskDenial | undefined {
  if (Number.isNaN(confidence) || confidence >= minConfidence) return undefined;
  return { code: 'CONFIDENCE_TOO_LOW', confidence, minConfidence };
}
