import type { CapitalProfile } from '../profiles/capitalProfile.ts';
import type { RiskDenial } from '../riskDecision.ts';

/** The profile's deny-list wins; a non-empty allow-list admits only its strategies. */
export function checkStrategyAllowed(strategy: string, profile: CapitalProfile): RiskDenial | undefined {
  if (profile.deniedStrategies.includes(strategy)) return { code: 'STRATEGY_NOT_ALLOWED', strategy, profile: profile.name, list: 'deny' };
  if (profile.allowedStrategies.length > 0 && !profile.allowedStrategies.includes(strategy)) {
    return { code: 'STRATEGY_NOT_ALLOWED', strategy, profile: profile.name, list: 'allow' };
  }
  return undefined;
}
