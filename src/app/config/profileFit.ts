import { resolveProfile, type CapitalProfile } from '../../risk/index.ts';
import type { RampartConfig } from './configSchema.ts';

/**
 * Something the config asks for that an account's capital profile cannot allow. `cut` findings make
 * the run trade a different thing from the config (every entry denied or the sleeve never trading):
 * a backtest refuses them unless `--allow-profile-cuts`. `warning` findings shrink orders.
 */
export interface ProfileFinding {
  readonly severity: 'cut' | 'warning';
  readonly account: string;
  readonly profile: string;
  /** The config key the profile limit collides with. */
  readonly keyPath: string;
  readonly message: string;
}

/** Compares the config's leverage, positions, strategies and sizing with each account's profile (from the config). */
export function profileFindings(config: RampartConfig): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  const leverage = config.market.type === 'futures' ? config.market.leverage : 1;
  const accounts = [...new Set(config.sleeves.map((sleeve) => sleeve.account))];
  for (const account of accounts) {
    const configured = config.risk.accounts[account];
    const profile = resolveProfile(configured, config.risk.profiles, `risk.accounts.${account}`);
    const named = `account ${account}'s capital profile ${profile.name}${configured === undefined ? ' (the default: the config has no risk.accounts.' + account + ')' : ''}`;
    const add = (severity: ProfileFinding['severity'], keyPath: string, message: string): void => {
      findings.push({ severity, account, profile: profile.name, keyPath, message: `${keyPath}: ${named} ${message}` });
    };
    if (leverage > profile.maxLeverage) {
      add('cut', 'market.leverage', `allows leverage up to ${profile.maxLeverage}x (maxLeverage), the config asks ${leverage}x: entries would be denied LEVERAGE_EXCEEDED`);
    }
    const sleeves = config.sleeves.map((sleeve, index) => ({ sleeve, index })).filter(({ sleeve }) => sleeve.account === account);
    if (profile.maxPositions !== undefined && sleeves.length > profile.maxPositions) {
      add('cut', 'sleeves', `allows ${profile.maxPositions} open positions (maxPositions), the account has ${sleeves.length} sleeves: entries past the limit would be denied`);
    }
    for (const { sleeve, index } of sleeves) {
      if (!strategyAllowed(sleeve.strategy, profile)) {
        add('cut', `sleeves[${index}].strategy`, `does not allow strategy ${sleeve.strategy} (${profile.deniedStrategies.includes(sleeve.strategy) ? 'deniedStrategies' : 'allowedStrategies'}): sleeve ${sleeve.name} would never trade`);
      }
    }
    const riskCapPct = riskPerTradeCapPct(profile, config.risk.profileGuard.assumedStopPct);
    if (riskCapPct !== undefined && (config.sizing.mode === 'all_in' || config.sizing.mode === 'weight')) {
      const askedPct = config.sizing.mode === 'all_in' ? leverage * 100 : Math.max(...sleeves.map(({ sleeve }) => sleeve.weight)) * leverage * 100;
      if (askedPct > riskCapPct) {
        add('warning', 'sizing.mode', `risks at most ${profile.riskPerTradePct}% of equity per trade (riskPerTradePct): an entry whose signal has no stop (assumed ${config.risk.profileGuard.assumedStopPct}% away) is cut to ${round(riskCapPct)}% of equity in notional, where sizing ${config.sizing.mode} asks up to ${round(askedPct)}%`);
      }
    }
  }
  return findings;
}

function strategyAllowed(strategy: string, profile: CapitalProfile): boolean {
  if (profile.deniedStrategies.includes(strategy)) return false;
  return profile.allowedStrategies.length === 0 || profile.allowedStrategies.includes(strategy);
}

/** The largest notional, percent of equity, an entry without a stop keeps under the profile's risk per trade. */
function riskPerTradeCapPct(profile: CapitalProfile, assumedStopPct: number): number | undefined {
  return profile.riskPerTradePct === undefined ? undefined : (profile.riskPerTradePct / assumedStopPct) * 100;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
