import { InputError } from '../../domain/errors/inputError.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { formatKeyPath } from '../config/loadConfig.ts';

/**
 * What only the venues can refute in the routing table: every fallback account must list each routed
 * sleeve's symbol as a linear USDT perpetual (the symbol mapped through ccxt's unified markets, which
 * the gateway loaded at connect) that it is willing to trade. Every problem is listed; the first key
 * path is the error's. `gatewayOf` gives a connected gateway of an account.
 */
export function checkRoutingVenues(config: Pick<RampartConfig, 'sleeves' | 'routing'>, gatewayOf: (account: string) => ExchangeGateway, source: string): void {
  const problems: Array<{ keyPath: string; message: string; value: string }> = [];
  for (const [sleeveName, route] of Object.entries(config.routing.sleeves)) {
    const sleeve = config.sleeves.find((each) => each.name === sleeveName);
    if (sleeve === undefined) continue;
    route.fallbacks.forEach((account, index) => {
      const keyPath = formatKeyPath(['routing', 'sleeves', sleeveName, 'fallbacks', index]);
      const gateway = gatewayOf(account);
      try {
        gateway.marketFilters(sleeve.symbol);
      } catch (error) {
        problems.push({ keyPath, value: account, message: `account "${account}" on ${gateway.venue} does not trade ${sleeve.symbol} (sleeve ${sleeveName}): ${(error as Error).message}` });
      }
    });
  }
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `  - ${problem.keyPath}: ${problem.message}`);
  throw new InputError(`${source}: invalid routing (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${lines.join('\n')}`, { file: source, keyPath: problems[0].keyPath, value: problems[0].value });
}
