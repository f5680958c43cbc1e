import { InputError } from '../../domain/errors/inputError.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { profileFindings } from '../config/profileFit.ts';

/**
 * A config its accounts' profiles cannot allow (leverage, positions, strategies) is refused before
 * the run, naming the profile and the limit: a backtest of it would trade something else and exit 0.
 * With `allowCuts` those findings become warnings. Returns the warnings to print.
 */
export function assertProfileFit(loaded: LoadedConfig, allowCuts: boolean): string[] {
  const findings = profileFindings(loaded.config);
  const cuts = findings.filter((finding) => finding.severity === 'cut');
  if (cuts.length > 0 && !allowCuts) {
    throw new InputError(
      `${loaded.path}: the capital profile in force cannot allow this config (${cuts.length} problem${cuts.length > 1 ? 's' : ''}):\n${cuts.map((cut) => `  - ${cut.message}`).join('\n')}\n` +
        `Set risk.accounts.<account> to a profile that allows it (\`rampart profiles\` lists them; \`risk: research\` for a research backtest), or pass --allow-profile-cuts to run it cut down.`,
      { file: loaded.path, keyPath: cuts[0].keyPath },
    );
  }
  return findings.map((finding) => `${loaded.path}: ${finding.message}`);
}
