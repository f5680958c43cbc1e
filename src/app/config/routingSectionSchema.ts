import { z } from 'zod';
import { resolveProfile, type RiskConfig } from '../../risk/index.ts';
import { checkStrategyAllowed } from '../../risk/checks/strategyAllowed.ts';

const ratio = z.number().gt(0).max(1);
const durationMs = z.number().int().positive();

/**
 * The config's `routing` section: fallback accounts per sleeve (the primary is the sleeve's `account`),
 * the exchange-health thresholds and the failover policy, all as data.
 */
export const routingSectionSchema = z
  .object({
    /** By sleeve name: accounts (RAMPART_ACCOUNT_<NAME>_*, any exchange) new entries move to, in order, when the primary fails. */
    sleeves: z.record(z.string(), z.object({ fallbacks: z.array(z.string().min(1)).min(1) }).strict()).default({}),
    /** When a venue account is HEALTHY, DEGRADED or DOWN. */
    health: z
      .object({
        /** Sliding window of the error rate and latency percentiles, ms. */
        windowMs: durationMs.default(300_000),
        /** Requests in the window below which the error rate is not judged. */
        minSamples: z.number().int().min(1).default(5),
        /** Share of venue failures (5xx, timeouts, network) making the venue DEGRADED. */
        degradedErrorRatio: ratio.default(0.1),
        /** Share making it DOWN. */
        downErrorRatio: ratio.default(0.5),
        /** Venue failures in a row making it DOWN. */
        downAfterConsecutiveFailures: z.number().int().min(1).default(5),
        /** p95 request latency making it DEGRADED, ms. */
        degradedLatencyP95Ms: durationMs.default(2_000),
        /** Clock offset (either way) making it DEGRADED, ms. */
        maxClockOffsetMs: durationMs.default(1_000),
      })
      .strict()
      .prefault({}),
    failover: z
      .object({
        /** A DEGRADED account counts as failed after this long, ms (DOWN at once). */
        degradedForMs: durationMs.default(120_000),
        /** The primary takes new entries back after being HEALTHY this long, with the sleeve flat on the fallback, ms. */
        failbackAfterHealthyMs: durationMs.default(900_000),
        /** Switches within `switchWindowMs` that stop the sleeve's new entries until `rampart exchanges ack` (playbook: 3 per hour). */
        maxSwitchesPerWindow: z.number().int().min(1).default(3),
        switchWindowMs: durationMs.default(3_600_000),
      })
      .strict()
      .prefault({}),
    marketData: z
      .object({
        /** Largest gap between the venues' closes of one bar before bars from two venues are refused in one window, bps. */
        maxDivergenceBps: z.number().positive().max(10_000).default(50),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type RoutingSection = z.output<typeof routingSectionSchema>;

/** A problem of the routing table, with its key path in the config. */
export interface RoutingProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly value: unknown;
}

interface RoutedConfig {
  readonly routing: RoutingSection;
  readonly sleeves: ReadonlyArray<{ readonly name: string; readonly account: string; readonly strategy: string; readonly symbol: string }>;
  readonly risk: Pick<RiskConfig, 'accounts' | 'profiles'>;
  readonly market: { readonly type: string; readonly leverage?: number };
}

/**
 * What the config alone can refute in the routing table: a route for no sleeve, a fallback that is the
 * primary or listed twice, a fallback account whose capital profile denies the sleeve's strategy or
 * caps leverage below the config's. Whether each venue lists the symbol needs the venue (routingVenueCheck).
 */
export function routingProblems(config: RoutedConfig): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const primaries = new Set(config.sleeves.map((sleeve) => sleeve.account));
  /** Which primary each fallback serves: one runner per venue account reads its orders. */
  const servedBy = new Map<string, string>();
  for (const [sleeveName, route] of Object.entries(config.routing.sleeves)) {
    const sleeve = config.sleeves.find((each) => each.name === sleeveName);
    if (sleeve === undefined) {
      problems.push({ path: ['routing', 'sleeves', sleeveName], message: `names no sleeve (sleeves: ${config.sleeves.map((each) => each.name).join(', ')})`, value: sleeveName });
      continue;
    }
    route.fallbacks.forEach((account, index) => {
      const path = ['routing', 'sleeves', sleeveName, 'fallbacks', index];
      if (account === sleeve.account) return void problems.push({ path, message: `the fallback must differ from the sleeve's primary account "${sleeve.account}"`, value: account });
      if (route.fallbacks.indexOf(account) !== index) return void problems.push({ path, message: `account "${account}" is listed twice`, value: account });
      // The runner of an account reads every order on it: another runner's orders there would be foreign to it.
      if (primaries.has(account)) return void problems.push({ path, message: `account "${account}" is the primary account of other sleeves, and its runner would read this sleeve's orders as foreign: a fallback must be an account no sleeve trades`, value: account });
      const other = servedBy.get(account);
      if (other !== undefined && other !== sleeve.account) return void problems.push({ path, message: `account "${account}" is already the fallback of account "${other}"'s sleeves: one primary account per fallback`, value: account });
      servedBy.set(account, sleeve.account);
      let profile;
      try {
        profile = resolveProfile(config.risk.accounts[account], config.risk.profiles, `risk.accounts.${account}`);
      } catch (error) {
        return void problems.push({ path, message: `account "${account}" has no usable capital profile: ${(error as Error).message}`, value: account });
      }
      const denial = checkStrategyAllowed(sleeve.strategy, profile);
      if (denial !== undefined) {
        problems.push({ path, message: `account "${account}" trades under profile "${profile.name}", whose ${denial.code === 'STRATEGY_NOT_ALLOWED' ? `${denial.list}-list` : 'rules'} refuses strategy "${sleeve.strategy}"`, value: account });
      } else if (config.market.type === 'futures' && (config.market.leverage ?? 1) > profile.maxLeverage) {
        problems.push({ path, message: `account "${account}" trades under profile "${profile.name}" with maxLeverage ${profile.maxLeverage}, below market.leverage ${config.market.leverage}`, value: account });
      }
    });
  }
  return problems;
}
