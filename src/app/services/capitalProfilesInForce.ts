import { resolveProfile, type CapitalProfileInput } from '../../risk/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { Logger } from '../../ports/logger.ts';
import type { AccountSettings } from './accountsFromEnv.ts';

/** Where an account's capital profile came from, highest precedence first. */
export type ProfileSource = 'store' | 'environment' | 'config' | 'default';

export interface ProfileInForce {
  /** A profile name, an inline profile from the config, or undefined for the default (most cautious preset). */
  readonly profile: string | CapitalProfileInput | undefined;
  readonly source: ProfileSource;
  /** The variable or key path it was read from, for messages and `risk explain`. */
  readonly from: string;
}

/**
 * The capital profile in force for each account, by precedence:
 *  0. `assignedInStore`: the store's latest profile assignment (`profiles set`, `profiles review
 *     --apply`; read by profileAssignmentsInStore), above everything else,
 *  1. `RAMPART_ACCOUNT_<NAME>_CAPITAL_PROFILE` (the environment the runner was started with),
 *  2. the config's `risk.accounts.<name>`,
 *  3. the default: the most cautious preset.
 * Every caller (runners, status, risk explain) comes through `withCapitalProfiles`, so all follow.
 * A name from the store or the environment that is neither a preset nor a `risk.profiles` entry is
 * refused, naming where it came from.
 */
export function capitalProfilesInForce(
  config: RampartConfig,
  accounts: ReadonlyMap<string, AccountSettings>,
  assignedInStore: ReadonlyMap<string, string> = new Map(),
): Map<string, ProfileInForce> {
  const names = [...new Set([...config.sleeves.map((sleeve) => sleeve.account), ...Object.keys(config.risk.accounts), ...accounts.keys(), ...assignedInStore.keys()])].sort();
  const inForce = new Map<string, ProfileInForce>();
  for (const name of names) {
    const fromStore = assignedInStore.get(name);
    const fromEnvironment = accounts.get(name)?.capitalProfile;
    if (fromStore !== undefined) {
      const from = `the store's profile assignment of account ${name}`;
      resolveProfile(fromStore, config.risk.profiles, from);
      inForce.set(name, { profile: fromStore, source: 'store', from });
    } else if (fromEnvironment !== undefined) {
      const variable = `RAMPART_ACCOUNT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CAPITAL_PROFILE`;
      // Resolved now so a typo refuses the start with the variable's name, not later at the first order.
      resolveProfile(fromEnvironment, config.risk.profiles, variable);
      inForce.set(name, { profile: fromEnvironment, source: 'environment', from: variable });
    } else if (Object.hasOwn(config.risk.accounts, name)) {
      inForce.set(name, { profile: config.risk.accounts[name], source: 'config', from: `risk.accounts.${name}` });
    } else {
      inForce.set(name, { profile: undefined, source: 'default', from: 'no profile configured: most cautious preset' });
    }
  }
  return inForce;
}

/**
 * The loaded config with each account's profile in force written into `risk.accounts`, so every
 * consumer of the config (risk engine, status, risk explain) applies the same one. The file's hash
 * stays the file's: the environment layer is reported beside it (`profiles`), not hidden in it.
 */
export function withCapitalProfiles(
  loaded: LoadedConfig,
  accounts: ReadonlyMap<string, AccountSettings>,
  assignedInStore?: ReadonlyMap<string, string>,
): { loaded: LoadedConfig; profiles: Map<string, ProfileInForce> } {
  const profiles = capitalProfilesInForce(loaded.config, accounts, assignedInStore);
  const riskAccounts: Record<string, string | CapitalProfileInput> = { ...loaded.config.risk.accounts };
  for (const [name, inForce] of profiles) if ((inForce.source === 'environment' || inForce.source === 'store') && inForce.profile !== undefined) riskAccounts[name] = inForce.profile;
  const config = { ...loaded.config, risk: { ...loaded.config.risk, accounts: riskAccounts } } as RampartConfig;
  return { loaded: { ...loaded, config }, profiles };
}

/** `capital_profile` at a runner's start: which profile each account trades under, and from where. */
export function logCapitalProfiles(logger: Logger, profiles: ReadonlyMap<string, ProfileInForce>): void {
  for (const [account, inForce] of profiles) logger.info('capital_profile', { account, detail: `${describeProfile(inForce)} (${inForce.from})` });
}

/** The profile's name, `inline` for a profile written out in the config, `micro` for the default. */
export function describeProfile(inForce: ProfileInForce): string {
  return inForce.profile === undefined ? 'micro' : typeof inForce.profile === 'string' ? inForce.profile : 'inline';
}
