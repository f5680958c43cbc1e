import { formatRiskLimits } from '../../risk/index.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { createRiskGate } from './createRiskGate.ts';
import { loadStrategyDefinition } from './loadStrategy.ts';

/** `rampart risk explain`: the limits in force for each account and sleeve of a config file. */
export async function explainRisk(configPath: string): Promise<string> {
  const { config, baseDir } = loadConfig(configPath);
  const { engine } = createRiskGate(config);
  const sleeves = [];
  for (const sleeve of config.sleeves) {
    // Profiles allow and deny strategies by their registered name, not by the file path a config may use.
    const definition = await loadStrategyDefinition(sleeve.strategy, baseDir);
    sleeves.push({ name: sleeve.name, account: sleeve.account, symbol: sleeve.symbol, strategy: definition.name });
  }
  return formatRiskLimits(engine, sleeves);
}
