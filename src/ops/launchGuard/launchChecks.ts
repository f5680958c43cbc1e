/** One verdict of the go-live checklist. A failed hard check refuses the start; a soft one warns. */
export interface LaunchCheck {
  readonly name: string;
  readonly severity: 'hard' | 'soft';
  /**
   * `access`: keys, reachability, clock, key permissions, which `run --real` enforces at start as
   * `check` reports them. `account`: position mode, margin and leverage, which the live runner's own
   * start sets or refuses (and reconciles foreign positions by policy).
   */
  readonly scope: 'access' | 'account';
  readonly ok: boolean;
  readonly detail: string;
}

/** What `rampart check` observed at the venue; undefined = could not be observed. */
export interface LaunchObservations {
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  readonly apiKeyPresent: boolean;
  readonly secretPresent: boolean;
  /** undefined when not tried (no keys); otherwise the error text or null for success. */
  readonly reachError: string | null | undefined;
  readonly clockOffsetMs: number | undefined;
  /** Why the offset could not be measured (or was refused by the gateway's own bound). */
  readonly clockError?: string;
  readonly maxClockOffsetMs: number;
  readonly restrictions:
    | { futuresTradingEnabled?: boolean; withdrawalsEnabled?: boolean; universalTransferEnabled?: boolean; ipRestricted?: boolean }
    | undefined;
  /** Set when the venue reports key restrictions but reading them failed: every permission check fails. */
  readonly restrictionsError?: string;
  readonly positionMode: 'ONE_WAY' | 'HEDGE' | 'UNKNOWN' | undefined;
  readonly configuredLeverage: number;
  /** Open positions' settings per configured symbol; a symbol without a position has none to compare. */
  readonly symbolSettings: ReadonlyArray<{ symbol: string; marginMode: string | undefined; leverage: number | undefined; hasPosition: boolean }>;
}

export interface LaunchCheckOptions {
  /**
   * `run --real --testnet --allow-unrestricted-key`: a key without an IP restriction only warns.
   * Sandbox keys are often unrestricted; withdrawals and transfers stay hard failures even then.
   */
  readonly allowUnrestrictedKey?: boolean;
}

/** The checklist as a pure function of the observations (table-driven tests sit beside it). */
export function evaluateLaunchChecks(observed: LaunchObservations, options: LaunchCheckOptions = {}): LaunchCheck[] {
  const checks: LaunchCheck[] = [];
  const keysOk = observed.apiKeyPresent && observed.secretPresent;
  const envName = `RAMPART_ACCOUNT_${accountEnvName(observed.account)}`;
  checks.push({
    name: 'keys present',
    severity: 'hard',
    scope: 'access',
    ok: keysOk,
    detail: keysOk ? `${envName}_API_KEY and _API_SECRET set` : `missing ${[!observed.apiKeyPresent && `${envName}_API_KEY`, !observed.secretPresent && `${envName}_API_SECRET`].filter(Boolean).join(' and ')}`,
  });
  checks.push({
    name: 'venue reachable',
    severity: 'hard',
    scope: 'access',
    ok: observed.reachError === null,
    detail: observed.reachError === undefined ? 'not tried' : observed.reachError === null ? `${observed.venue}${observed.testnet ? ' (testnet)' : ''} answered` : observed.reachError,
  });
  const offset = observed.clockOffsetMs;
  checks.push({
    name: 'clock offset',
    severity: 'hard',
    scope: 'access',
    ok: offset !== undefined && Math.abs(offset) <= observed.maxClockOffsetMs,
    detail: offset === undefined ? `not measured: refusing to trade without it${observed.clockError === undefined ? '' : ` (${observed.clockError})`}` : `${offset} ms (bound ${observed.maxClockOffsetMs} ms)`,
  });
  checks.push(...restrictionChecks(observed.restrictions, observed.restrictionsError).map((check) => (options.allowUnrestrictedKey === true && check.name === IP_RESTRICTION ? allowUnrestricted(check) : check)));
  checks.push({
    name: 'position mode one-way',
    severity: 'hard',
    scope: 'account',
    ok: observed.positionMode === 'ONE_WAY',
    detail: observed.positionMode === undefined ? 'not read' : observed.positionMode === 'HEDGE' ? 'hedge mode (dualSidePosition) is on: switch the account to one-way' : observed.positionMode === 'UNKNOWN' ? 'the venue does not report it' : 'one-way',
  });
  for (const setting of observed.symbolSettings) {
    if (!setting.hasPosition) {
      checks.push({ name: `${setting.symbol} margin and leverage`, severity: 'soft', scope: 'account', ok: true, detail: `no open position: isolated margin and ${observed.configuredLeverage}x are set at start` });
      continue;
    }
    const marginOk = setting.marginMode === 'isolated';
    const leverageOk = setting.leverage === observed.configuredLeverage;
    checks.push({
      name: `${setting.symbol} margin and leverage`,
      severity: 'hard',
      scope: 'account',
      ok: marginOk && leverageOk,
      detail: `margin ${setting.marginMode ?? 'unknown'} (want isolated), leverage ${setting.leverage ?? 'unknown'}x (want ${observed.configuredLeverage}x)`,
    });
  }
  return checks;
}

const IP_RESTRICTION = 'IP restriction on';

function allowUnrestricted(check: LaunchCheck): LaunchCheck {
  return check.ok ? check : { ...check, severity: 'soft', detail: `${check.detail} (allowed on the testnet by --allow-unrestricted-key)` };
}

function restrictionChecks(restrictions: LaunchObservations['restrictions'], readError: string | undefined): LaunchCheck[] {
  const verdict = (name: string, value: boolean | undefined, wanted: boolean, yes: string, no: string): LaunchCheck =>
    readError !== undefined
      ? { name, severity: 'hard', scope: 'access', ok: false, detail: `could not be read: ${readError}` }
      : value === undefined
        ? { name, severity: 'soft', scope: 'access', ok: false, detail: 'unknown: the venue did not report it; check the key settings by hand' }
        : { name, severity: 'hard', scope: 'access', ok: value === wanted, detail: value ? yes : no };
  return [
    verdict('futures trading enabled', restrictions?.futuresTradingEnabled, true, 'on', 'off: enable futures on the key'),
    verdict('withdrawals disabled', restrictions?.withdrawalsEnabled, false, 'ON: a trading key must not withdraw', 'off'),
    verdict('universal transfer disabled', restrictions?.universalTransferEnabled, false, 'ON: a trading key must not transfer', 'off'),
    verdict(IP_RESTRICTION, restrictions?.ipRestricted, true, 'restricted to trusted IPs', 'OFF: restrict the key to trusted IPs'),
  ];
}

/** Environment-variable form of an account name: `main-1` → `MAIN_1`. */
export function accountEnvName(account: string): string {
  return account.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Passes when every hard check passes; soft failures are warnings. */
export function launchPasses(checks: ReadonlyArray<LaunchCheck>): boolean {
  return checks.every((check) => check.ok || check.severity === 'soft');
}
