import { InputError } from '../../domain/errors/inputError.ts';
import { RESEARCH_PRESET } from '../../risk/index.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';

/**
 * Paper and live trade only under real limits: a config with `risk: research` (no profile limits,
 * no emergency stop) is refused before any store or venue is touched.
 */
export function refuseResearchRisk(loaded: LoadedConfig, mode: 'paper' | 'live'): void {
  if (loaded.config.risk.preset !== RESEARCH_PRESET) return;
  throw new InputError(
    `${loaded.path}: risk: research is for backtests only (no profile limits, no emergency stop); ${mode} trading needs a risk section with capital profiles, e.g. risk: {accounts: {default: normal}}`,
    { file: loaded.path, keyPath: 'risk', value: RESEARCH_PRESET },
  );
}
