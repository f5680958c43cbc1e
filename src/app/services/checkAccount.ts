import { CcxtExchangeGateway, DEFAULT_MAX_CLOCK_OFFSET_MS } from '../../adapters/exchange/ccxt/ccxtExchangeGateway.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { accountEnvName, evaluateLaunchChecks, launchPasses, type LaunchCheck, type LaunchObservations } from '../../ops/launchGuard/index.ts';
import type { RampartConfig } from '../config/configSchema.ts';
import { parseExchangeId, parseTestnet } from './accountsFromEnv.ts';
import { observeAccount } from './observeAccount.ts';

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
 * The go-live checks of one account: reads keys from RAMPART_ACCOUNT_<NAME>_{EXCHANGE,API_KEY,
 * API_SECRET,TESTNET} (exchange ids and defaults as `run` reads them), asks the venue (read-only
 * requests) and evaluates the launch guard. `run --real` runs the same observation and checklist.
 */
export async function checkAccount(input: CheckAccountInput): Promise<CheckAccountResult> {
  const { account, venue, testnet, observed } = await observeAccountWithKeys(input, async () => undefined);
  const checks = evaluateLaunchChecks(observed);
  return { account, venue, testnet, checks, passed: launchPasses(checks) };
}

/** What observeAccountWithKeys saw: the venue observations, and what `more` read through the same gateway (undefined without keys). */
export interface KeyedObservation<T> {
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  readonly observed: LaunchObservations;
  readonly more: T | undefined;
}

/**
 * Reads the account's keys from the environment, opens a read-only gateway, observes the checklist's
 * venue facts and lets `more` read further through the same gateway (preflight: balances, positions,
 * open orders). Without keys nothing is asked and every venue check fails as not tried.
 */
export async function observeAccountWithKeys<T>(input: CheckAccountInput, more: (gateway: CcxtExchangeGateway, account: string) => Promise<T>): Promise<KeyedObservation<T>> {
  const account = pickAccount(input);
  const prefix = `RAMPART_ACCOUNT_${accountEnvName(account)}_`;
  const apiKey = nonEmpty(input.env[`${prefix}API_KEY`]);
  const secret = nonEmpty(input.env[`${prefix}API_SECRET`]);
  const venue = parseExchangeId(input.env[`${prefix}EXCHANGE`], `${prefix}EXCHANGE`);
  const testnet = parseTestnet(input.env[`${prefix}TESTNET`], `${prefix}TESTNET`);
  const maxClockOffsetMs = input.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS;
  const observed = { ...unobserved(account, venue, testnet, maxClockOffsetMs, input.config), apiKeyPresent: apiKey !== undefined, secretPresent: secret !== undefined };
  if (apiKey === undefined || secret === undefined) return { account, venue, testnet, observed, more: undefined };
  // The measured offset is reported even beyond the bound, so the gateway gets a wide bound here.
  const gateway = await CcxtExchangeGateway.open({ venue, apiKey, secret, testnet: testnet && input.baseUrl === undefined, baseUrl: input.baseUrl, maxClockOffsetMs: Number.MAX_SAFE_INTEGER });
  try {
    const atVenue = await observeAccount(gateway, { account, venue, testnet, symbols: symbolsOf(input.config, account), configuredLeverage: observed.configuredLeverage, maxClockOffsetMs });
    return { account, venue, testnet, observed: atVenue, more: atVenue.reachError === null ? await more(gateway, account) : undefined };
  } finally {
    await gateway.close();
  }
}

/** The symbols an account's sleeves trade. */
export function symbolsOf(config: RampartConfig, account: string): string[] {
  return [...new Set(config.sleeves.filter((sleeve) => sleeve.account === account).map((sleeve) => sleeve.symbol))];
}

/** The leverage the config sets on every symbol (1 on spot). */
export function configuredLeverageOf(config: RampartConfig): number {
  return config.market.type === 'futures' ? config.market.leverage : 1;
}

/** Observations before the venue was asked: every venue check fails as not tried. */
function unobserved(account: string, venue: string, testnet: boolean, maxClockOffsetMs: number, config: RampartConfig): LaunchObservations {
  return {
    account,
    venue,
    testnet,
    apiKeyPresent: false,
    secretPresent: false,
    reachError: undefined,
    clockOffsetMs: undefined,
    maxClockOffsetMs,
    restrictions: undefined,
    positionMode: undefined,
    configuredLeverage: configuredLeverageOf(config),
    symbolSettings: [],
  };
}

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
