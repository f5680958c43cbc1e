import type { RiskDenial } from '../riskDecision.ts';

/** Restricted instruments (C9): only listed symbols trade; an empty list allows all. */
export function checkSymbolAllowed(symbol: string, allowedSymbols: readonly string[]): RiskDenial | undefined {
  if (allowedSymbols.length === 0 || allowedSymbols.includes(symbol)) return undefined;
  return { code: 'SYMBOL_NOT_ALLOWED', symbol };
}
