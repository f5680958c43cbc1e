import { formatRiskLimits } from '../../risk/index.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { accountsFromEnv } from './accountsFromEnv.ts';
import { withCapitalProfiles } from './capitalProfilesInForce.ts';
import { createRiskGate } from './createRiskGate.ts';
import { loadStrategyDefinition } from './loadStrategy.ts';

/**
 * `rampart risk explain`: the limits in force for each account and sleeve of a config file, with the
 * capital profile a runner started in the same environment would use (RAMPART_ACCOUNT_<NAME>_CAPITAL_PROFILE first).
 */
export async function explainRisk(configPath: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const { accounts } = accountsFromEnv(env, 'paper');
  const { loaded, profiles } = withCapitalProfiles(loadConfig(configPath), accounts);
  const { config, baseDir } = loaded;
  const { engine } = createRiskGate(config);
  const sleeves = [];
  for (const sleeve of config.sleeves) {
    // Profiles allow and deny strategies by their registered name, not by the file path a config may use.
    const definition = await loadStrategyDefinition(sleeve.strategy, baseDir, config.data.timeframe);
    sleeves.push({ name: sleeve.name, account: sleeve.account, symbol: sleeve.symbol, strategy: definition.name });
  }
  return formatRiskLimits(engine, sleeves, new Map([...profiles].map(([account, inForce]) => [account, inForce.from])));
}
