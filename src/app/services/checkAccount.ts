import { CcxtExchangeGateway, DEFAULT_MAX_CLOCK_OFFSET_MS } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { VENUE_QUIRKS } from '../../adapters/exchange/ccxt/venueQuirks.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { accountEnvName, evaluateLaunchChecks, launchPasses, type LaunchCheck, type LaunchObservations } from '../../ops/launchGuard/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';

export interface CheckAccountInput {
  readonly config: RampartConfig;
  /** Config file path, for messages. */
  readonly configPath: string;
  /** Account to check; defaults to the only account the sleeves use. */
  readonly account?: string;
  /** Local venue origin (rehearsals, tests). */
  readonly baseUrl?: string;
  /** Where RAMPART_ACCOUNT_<NAME>_* is read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly maxClockOffsetMs?: number;
}

export interface CheckAccountResult {
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  readonly checks: LaunchCheck[];
  readonly passed: boolean;
}

/**
 * The go-live checks of one account: reads keys from RAMPART_ACCOUNT_<NAME>_{API_KEY,API_SECRET,
 * VENUE,TESTNET}, asks the venue (read-only requests) and evaluates the launch guard.
 */
export async function checkAccount(input: CheckAccountInput): Promise<CheckAccountResult> {
  const account = pickAccount(input);
  const prefix = `RAMPART_ACCOUNT_${accountEnvName(account)}_`;
  const apiKey = nonEmpty(input.env[`${prefix}API_KEY`]);
  const secret = nonEmpty(input.env[`${prefix}API_SECRET`]);
  // `_EXCHANGE` is the documented name (as the runners read it); `_VENUE` is accepted too.
  const venue = nonEmpty(input.env[`${prefix}EXCHANGE`]) ?? nonEmpty(input.env[`${prefix}VENUE`]) ?? 'binanceusdm';
  if (VENUE_QUIRKS[venue] === undefined) {
    throw new InputError(`${prefix}EXCHANGE must be one of ${Object.keys(VENUE_QUIRKS).join(', ')}, was "${venue}"`, { keyPath: `${prefix}EXCHANGE`, value: venue });
  }
  const testnetText = (nonEmpty(input.env[`${prefix}TESTNET`]) ?? '0').toLowerCase();
  if (!['0', '1', 'true', 'false'].includes(testnetText)) {
    throw new InputError(`${prefix}TESTNET must be 0, 1, true or false, was "${testnetText}"`, { keyPath: `${prefix}TESTNET`, value: testnetText });
  }
  const testnet = testnetText === '1' || testnetText === 'true';
  const maxClockOffsetMs = input.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS;
  const futures = input.config.market.type === 'futures' ? input.config.market : undefined;
  const symbols = [...new Set(input.config.sleeves.filter((sleeve) => sleeve.account === account).map((sleeve) => sleeve.symbol))];
  const observed: Mutable<LaunchObservations> = {
    account,
    venue,
    testnet,
    apiKeyPresent: apiKey !== undefined,
    secretPresent: secret !== undefined,
    reachError: undefined,
    clockOffsetMs: undefined,
    maxClockOffsetMs,
    restrictions: undefined,
    restrictionsError: undefined,
    positionMode: undefined,
    configuredLeverage: futures?.leverage ?? 1,
    symbolSettings: [],
  };
  if (apiKey !== undefined && secret !== undefined) {
    // The measured offset is reported even beyond the bound, so the gateway gets a wide bound here.
    const gateway = await CcxtExchangeGateway.open({ venue, apiKey, secret, testnet: testnet && input.baseUrl === undefined, baseUrl: input.baseUrl, maxClockOffsetMs: Number.MAX_SAFE_INTEGER });
    try {
      observed.reachError = await attempt(() => gateway.loadMarkets()).then((outcome) => (outcome.ok ? null : outcome.error));
      if (observed.reachError === null) {
        const clock = await attempt(() => gateway.syncClock());
        observed.clockOffsetMs = clock.ok ? clock.value.offsetMs : undefined;
        const restrictions = await attempt(() => gateway.fetchApiRestrictions());
        observed.restrictions = restrictions.ok ? restrictions.value : undefined;
        // A venue that reports key permissions but did not answer fails the check (not "unknown").
        observed.restrictionsError = restrictions.ok ? undefined : restrictions.error;
        const settings = await attempt(() => gateway.fetchAccountSettings());
        observed.positionMode = settings.ok ? settings.value.positionMode : undefined;
        const positions = await attempt(() => gateway.fetchPositions(symbols));
        observed.symbolSettings = symbols.map((symbol) => {
          // A failed position query never reads as flat: the symbol is compared as unknown and fails.
          if (!positions.ok) return { symbol, marginMode: undefined, leverage: undefined, hasPosition: true };
          const position = positions.value.find((candidate) => candidate.symbol === symbol);
          return { symbol, marginMode: position?.marginMode, leverage: position?.leverage, hasPosition: position !== undefined };
        });
      }
    } finally {
      await gateway.close();
    }
  }
  const checks = evaluateLaunchChecks(observed);
  return { account, venue, testnet, checks, passed: launchPasses(checks) };
}

async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function pickAccount(input: CheckAccountInput): string {
  const accounts = [...new Set(input.config.sleeves.map((sleeve) => sleeve.account))];
  if (input.account !== undefined) {
    if (!accounts.includes(input.account)) {
      throw new InputError(`--account must be one of the config's accounts (${accounts.join(', ')}), was "${input.account}"`, { file: input.configPath, keyPath: 'sleeves[].account', value: input.account });
    }
    return input.account;
  }
  if (accounts.length > 1) throw new InputError(`${input.configPath}: sleeves use several accounts (${accounts.join(', ')}); choose one with --account`, { file: input.configPath, keyPath: 'sleeves[].account' });
  return accounts[0];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
