import { VENUE_QUIRKS } from '../../adapters/exchange/ccxt/venueQuirks.ts';
import { InputError } from '../../domain/errors/inputError.ts';

/** An API key or secret: prints as [REDACTED] however it is logged, serialised or inspected. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself: call only where it is handed to the exchange client. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[REDACTED]';
  }
  toJSON(): string {
    return '[REDACTED]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[REDACTED]';
  }
}

/** A trading account as the environment describes it. */
export interface AccountSettings {
  /** Lower-case name, as sleeves name it (`sleeves[].account`). */
  readonly name: string;
  /** ccxt exchange id, one of EXCHANGE_IDS (default binanceusdm). */
  readonly exchange: string;
  /** Capital profile name; undefined when the environment names none. */
  readonly capitalProfile: string | undefined;
  readonly testnet: boolean;
  /** Present only in live mode; paper mode never reads keys into the process's objects. */
  readonly credentials?: { readonly apiKey: Secret; readonly apiSecret: Secret };
}

export interface ParsedAccounts {
  readonly accounts: ReadonlyMap<string, AccountSettings>;
  /** Accounts whose keys were present in the environment and dropped (paper mode). */
  readonly keysIgnoredFor: readonly string[];
}

const VARIABLE = /^RAMPART_ACCOUNT_([A-Z0-9_]+?)_(EXCHANGE|API_KEY|API_SECRET|CAPITAL_PROFILE|TESTNET)$/;

/** The exchange ids `RAMPART_ACCOUNT_<NAME>_EXCHANGE` accepts: ccxt ids with a row in the venue quirks table. */
export const EXCHANGE_IDS: readonly string[] = Object.keys(VENUE_QUIRKS);
/** The exchange of an account whose `_EXCHANGE` is unset or empty: Binance USDT-M futures. */
export const DEFAULT_EXCHANGE = 'binanceusdm';

/**
 * The ccxt exchange id of `RAMPART_ACCOUNT_<NAME>_EXCHANGE` (`variable`): the default when unset or
 * empty, else one of EXCHANGE_IDS (case-insensitive); anything else is refused with the list.
 * `check`, `run --paper` and `run --real` all read it here, so one value works for every command.
 */
export function parseExchangeId(value: string | undefined, variable: string): string {
  const exchange = (value ?? '').trim().toLowerCase();
  if (exchange === '') return DEFAULT_EXCHANGE;
  if (EXCHANGE_IDS.includes(exchange)) return exchange;
  // 'binance' is ccxt's spot exchange: the futures one is binanceusdm.
  const hint = exchange === 'binance' ? ' (Binance USDT-M futures is binanceusdm)' : '';
  throw new InputError(`${variable} must be one of ${EXCHANGE_IDS.join(', ')} (default ${DEFAULT_EXCHANGE}), was "${value}"${hint}`, { keyPath: variable, value });
}

/** `RAMPART_ACCOUNT_<NAME>_TESTNET` (`variable`): true/1 or false/0/unset. */
export function parseTestnet(value: string | undefined, variable: string): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (!['true', 'false', '1', '0', ''].includes(text)) throw new InputError(`${variable} must be true, false, 1 or 0, was "${value}"`, { keyPath: variable, value });
  return text === 'true' || text === '1';
}

/**
 * Reads `RAMPART_ACCOUNT_<NAME>_{EXCHANGE,API_KEY,API_SECRET,CAPITAL_PROFILE,TESTNET}` from an
 * environment object. In paper mode key values are never copied: only their presence is reported.
 * Error messages name variables, never their key or secret values.
 */
export function accountsFromEnv(env: Readonly<Record<string, string | undefined>>, mode: 'paper' | 'live'): ParsedAccounts {
  const fields = new Map<string, Map<string, string>>();
  for (const [variable, value] of Object.entries(env)) {
    const match = VARIABLE.exec(variable);
    if (!match || value === undefined) continue;
    const name = match[1].toLowerCase();
    const byField = fields.get(name) ?? new Map<string, string>();
    // Keys are not copied in paper mode, only noted.
    byField.set(match[2], mode === 'paper' && (match[2] === 'API_KEY' || match[2] === 'API_SECRET') ? '' : value);
    fields.set(name, byField);
  }
  const accounts = new Map<string, AccountSettings>();
  const keysIgnoredFor: string[] = [];
  for (const [name, byField] of [...fields.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const prefix = `RAMPART_ACCOUNT_${name.toUpperCase()}`;
    const exchange = parseExchangeId(byField.get('EXCHANGE'), `${prefix}_EXCHANGE`);
    const testnet = parseTestnet(byField.get('TESTNET'), `${prefix}_TESTNET`);
    const profile = byField.get('CAPITAL_PROFILE')?.trim();
    const hasKeys = byField.has('API_KEY') || byField.has('API_SECRET');
    let credentials: AccountSettings['credentials'];
    if (mode === 'paper') {
      if (hasKeys) keysIgnoredFor.push(name);
    } else {
      const apiKey = byField.get('API_KEY') ?? '';
      const apiSecret = byField.get('API_SECRET') ?? '';
      if (apiKey === '' || apiSecret === '') {
        throw new InputError(`${prefix}_API_KEY and ${prefix}_API_SECRET are both required for live trading, ${apiKey === '' ? '_API_KEY' : '_API_SECRET'} was missing or empty`, {
          keyPath: apiKey === '' ? `${prefix}_API_KEY` : `${prefix}_API_SECRET`,
        });
      }
      credentials = { apiKey: new Secret(apiKey), apiSecret: new Secret(apiSecret) };
    }
    accounts.set(name, {
      name,
      exchange,
      capitalProfile: profile === undefined || profile === '' ? undefined : profile,
      testnet,
      ...(credentials ? { credentials } : {}),
    });
  }
  return { accounts, keysIgnoredFor };
}
