import { evaluateLaunchChecks, launchPasses, type LaunchCheck } from '../../ops/launchGuard/index.ts';
import type { Logger } from '../../ports/logger.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { configuredLeverageOf, symbolsOf } from './checkAccount.ts';
import { LiveStartRefusedError } from './liveRunner.ts';
import { observeAccount, type ObservableGateway } from './observeAccount.ts';

export interface EnforceLaunchChecksInput {
  readonly gateway: ObservableGateway;
  readonly config: RampartConfig;
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  readonly maxClockOffsetMs: number;
  /** `--allow-unrestricted-key` (the caller admits it on the testnet only): no IP restriction warns. */
  readonly allowUnrestrictedKey: boolean;
  readonly logger: Logger;
}

/**
 * `run --real`'s go-live gate (RELIABILITY cases 36, 37): the `access` checks of the checklist `rampart
 * check` prints (keys, reachability, clock offset, key permissions), observed and evaluated by the same
 * code, before the runner starts and before any order. A failed hard check throws
 * LiveStartRefusedError naming each failed check and what was found; soft ones are logged.
 */
export async function enforceLaunchChecks(input: EnforceLaunchChecksInput): Promise<LaunchCheck[]> {
  const observed = await observeAccount(input.gateway, {
    account: input.account,
    venue: input.venue,
    testnet: input.testnet,
    symbols: symbolsOf(input.config, input.account),
    configuredLeverage: configuredLeverageOf(input.config),
    maxClockOffsetMs: input.maxClockOffsetMs,
    readAccount: false,
  });
  // Position mode, margin and leverage are the runner's own start (it sets them, or refuses, and
  // reconciles foreign positions by policy): enforced here are the checks nothing else makes.
  const checks = evaluateLaunchChecks(observed, { allowUnrestrictedKey: input.allowUnrestrictedKey }).filter((check) => check.scope === 'access');
  for (const check of checks) {
    if (!check.ok && check.severity === 'soft') input.logger.warn('launch_check_warning', { account: input.account, reason: check.name, detail: check.detail });
  }
  if (typeof observed.reachError === 'string') {
    // Nothing was measured: the venue did not answer (down, banned, key refused). A state, not a verdict.
    throw new VenueUnreachableAtStartError(input.account, `the venue could not be read for the go-live checks: ${observed.reachError}`);
  }
  if (!launchPasses(checks)) {
    const failed = checks.filter((check) => !check.ok && check.severity === 'hard');
    throw new LiveStartRefusedError(
      input.account,
      'LAUNCH_CHECK',
      `go-live check failed, no order was sent: ${failed.map((check) => `${check.name}: ${check.detail}`).join('; ')} (\`rampart check\` lists every check)`,
    );
  }
  input.logger.info('launch_checks_passed', { account: input.account, count: checks.length });
  return checks;
}

/** The go-live checks could not observe the venue at all; the caller waits and asks again (degrade, don't die). */
export class VenueUnreachableAtStartError extends Error {
  override readonly name = 'VenueUnreachableAtStartError';
  constructor(
    readonly account: string,
    message: string,
  ) {
    super(`${account}: ${message}`);
  }
}
