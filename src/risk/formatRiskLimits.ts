import type { RiskEngine } from './riskEngine.ts';

/** A sleeve as `rampart risk explain` lists it under its account. */
export interface ExplainedSleeve {
  readonly name: string;
  readonly account: string;
  readonly symbol: string;
  readonly strategy: string;
}

/**
 * The limits in force, as plain text: per account its capital profile and its sleeves (with whether
 * the profile lets each strategy run), then what applies to every account: portfolio gate, order
 * sanity, execution guardrails and emergency-stop triggers. '-' means no limit. `profileSources`
 * names where each account's profile was read from (an environment variable, a config key).
 */
export function formatRiskLimits(engine: RiskEngine, sleeves: readonly ExplainedSleeve[], profileSources?: ReadonlyMap<string, string>): string {
  const config = engine.config;
  const lines: string[] = [];
  const accounts = [...new Set([...sleeves.map((sleeve) => sleeve.account), ...Object.keys(config.accounts)])];
  for (const account of accounts) {
    const profile = engine.profileOf(account);
    const source = profileSources?.get(account);
    const configured = source !== undefined ? ` (${source})` : config.accounts[account] === undefined ? ' (no profile configured: most cautious preset)' : '';
    lines.push(`account ${account}: profile ${profile.name}${configured}, trading state ${engine.tradingState(account)}`);
    lines.push(`  daily drawdown ${pct(profile.dailyDrawdownPct)}, weekly drawdown ${pct(profile.weeklyDrawdownPct)}, risk per trade ${pct(profile.riskPerTradePct)}`);
    lines.push(
      `  max positions ${profile.maxPositions ?? '-'}, max leverage ${profile.maxLeverage}x, max notional per symbol ${
        profile.maxPositionNotional === undefined ? '-' : profile.maxPositionNotional.toLocaleString('en-US')
      }`,
    );
    lines.push(`  strategies allowed ${list(profile.allowedStrategies, 'all')}, denied ${list(profile.deniedStrategies, 'none')}`);
    for (const sleeve of sleeves.filter((each) => each.account === account)) {
      const denied = profile.deniedStrategies.includes(sleeve.strategy) || (profile.allowedStrategies.length > 0 && !profile.allowedStrategies.includes(sleeve.strategy));
      lines.push(`  sleeve ${sleeve.name}: ${sleeve.symbol} ${sleeve.strategy}${denied ? ' — strategy NOT allowed by this profile: every entry is denied' : ''}`);
    }
  }
  const portfolio = config.portfolio;
  lines.push('portfolio gate (every account):');
  lines.push(`  total margin ≤ ${portfolio.maxMarginPct}% of equity, one symbol's margin ≤ ${portfolio.maxSymbolExposurePct}%`);
  lines.push(
    `  sleeves correlated ≥ ${portfolio.correlationThreshold} over ${portfolio.correlationWindow} returns (at least ${portfolio.minCorrelationSamples}) count together, ≤ ${portfolio.maxCorrelatedExposurePct}% margin`,
  );
  const sanity = config.sanity;
  const quantityCaps = Object.entries(sanity.maxOrderQuantity).map(([symbol, max]) => `${symbol} ${max}`);
  lines.push('order sanity:');
  lines.push(`  notional per order ≤ ${sanity.maxOrderNotional.toLocaleString('en-US')}, quantity per order ${list(quantityCaps, 'no cap')}`);
  lines.push(`  price collar ±${sanity.priceCollarPct}% of a mark at most ${sanity.maxMarkAgeMs / 1000} s old; duplicates within ${sanity.duplicateWindowMs} ms refused`);
  lines.push(
    `  at most ${sanity.maxOrdersPerWindow} orders per ${sanity.throttleWindowMs} ms; ${sanity.breachesToHalt} breaches within ${sanity.breachWindowMs / 1000} s halt the account`,
  );
  lines.push(`  symbols allowed ${list(sanity.allowedSymbols, 'all')}`);
  const rails = engine.guardrails;
  lines.push(`execution guardrails (preset ${config.guardrails.preset}):`);
  lines.push(`  spread ≤ ${rails.maxSpreadAtrFraction} ATR, data age ≤ ${rails.maxDataAgeSec} s, sessions blocked ${list(rails.blockedSessions, 'none')}`);
  lines.push(`  above ${rails.maxAtrPct}% ATR of price: ${rails.volatilityMode === 'block' ? 'no new entries' : 'entries scaled down'}; confidence ≥ ${rails.minConfidence} for signals with one`);
  const emergency = config.emergency;
  lines.push('emergency stop (per account):');
  lines.push(`  total loss ${trigger(emergency.totalLoss.enabled, `${emergency.totalLoss.lossPct}%`, emergency.totalLoss.action)}`);
  lines.push(`  daily drawdown ${trigger(emergency.dailyDrawdown.enabled, `${emergency.dailyDrawdown.drawdownPct}%`, emergency.dailyDrawdown.action)}`);
  const weekly = emergency.weeklyDrawdown.drawdownPct === undefined ? "the profile's weekly drawdown" : `${emergency.weeklyDrawdown.drawdownPct}%`;
  lines.push(`  weekly drawdown ${trigger(emergency.weeklyDrawdown.enabled, weekly, emergency.weeklyDrawdown.action)}`);
  lines.push(`  consecutive losing trades ${trigger(emergency.consecutiveLosses.enabled, String(emergency.consecutiveLosses.count), emergency.consecutiveLosses.action)}`);
  lines.push(`  order throttle breaches → HALTED; manual kill → HALTED; HALTED lifts only by a reset with a reason`);
  return `${lines.join('\n')}\n`;
}

function pct(value: number | undefined): string {
  return value === undefined ? '-' : `${value}%`;
}

function list(values: readonly string[], empty: string): string {
  return values.length === 0 ? empty : values.join(', ');
}

function trigger(enabled: boolean, threshold: string, action: string): string {
  return enabled ? `${threshold} → ${action}` : 'off';
}
